using RetroVue.Domain.Library;

namespace RetroVue.App.Ingest;

/// <summary>One file an importer found in a source.</summary>
public sealed record DiscoveredAsset(string CanonicalPath, FileFingerprint Fingerprint, MediaIdentity Identity);
