using RetroVue.Domain.Library;

namespace RetroVue.App.Ingest;

/// <summary>What an ingest needs to know of an asset already in the catalog to tell whether a file changed.</summary>
internal sealed record KnownAsset(Guid Id, FileFingerprint Fingerprint, AssetState State, Guid? TitleId, IReadOnlySet<Guid> EpisodeIds);
