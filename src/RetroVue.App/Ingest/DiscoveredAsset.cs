using RetroVue.Domain.Library;

namespace RetroVue.App.Ingest;

/// <summary>One file an importer found in a source.</summary>
/// <param name="CanonicalPath">The stable identity of the file within its source (a local path, after symlinks and path mappings).</param>
/// <param name="Fingerprint">Size and modification time: unchanged means no re-probe and no write.</param>
/// <param name="Identity">What the file is: an episode, a movie, or unmatched (queued for review).</param>
/// <param name="Metadata">What a rich source (Plex) already knows; null for a plain folder.</param>
public sealed record DiscoveredAsset(
    string CanonicalPath,
    FileFingerprint Fingerprint,
    MediaIdentity Identity,
    DiscoveredMetadata? Metadata = null);

/// <summary>Facts a source supplies beside the file itself.</summary>
public sealed record DiscoveredMetadata
{
    public string? TitleSummary { get; init; }
    public string? TitleContentRating { get; init; }
    public string? EpisodeSummary { get; init; }
    public DateOnly? AirDate { get; init; }
    public string? EpisodeContentRating { get; init; }

    /// <summary>External ids (provider -> id) of the show or movie, the episode, and the file.</summary>
    public IReadOnlyDictionary<string, string> TitleIds { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> EpisodeIds { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> AssetIds { get; init; } = new Dictionary<string, string>();

    /// <summary>Stream facts the source already has; when set, no probe is needed.</summary>
    public ProbeResult? KnownFacts { get; init; }

    /// <summary>False when the mapped file cannot be opened on this machine (it may still play through the source's URL).</summary>
    public bool LocallyReachable { get; init; } = true;
}
