using RetroVue.Domain.Library;

namespace RetroVue.App.Ingest;

/// <summary>What an ingest needs to know of an asset already in the catalog to tell, without a query, whether a file changed.</summary>
internal sealed record KnownAsset(
    Guid Id,
    FileFingerprint Fingerprint,
    AssetState State,
    Guid? TitleId,
    IReadOnlySet<Guid> EpisodeIds,
    string? SourceFingerprint = null,
    string? StreamKey = null,
    bool LocallyReachable = true)
{
    public static KnownAsset Of(Asset asset, IReadOnlySet<Guid> episodeIds) =>
        new(asset.Id, asset.Fingerprint, asset.State, asset.TitleId, episodeIds, asset.SourceFingerprint, asset.StreamKey, asset.LocallyReachable);
}
