using RetroVue.Domain.Library;

namespace RetroVue.App.Ingest;

/// <summary>One file an importer found in a source.</summary>
/// <param name="CanonicalPath">The stable identity of the file within its source (a local path, after symlinks and path mappings).</param>
/// <param name="Fingerprint">Size and modification time: unchanged means no re-probe and no write.</param>
/// <param name="Identity">What the file is: an episode, a movie, or unmatched (queued for review).</param>
/// <param name="Metadata">What a rich source (Plex) already knows; null for a plain folder.</param>
/// <param name="Artwork">The pictures the source has for the file's title and episode; null when the importer says nothing about artwork.</param>
public sealed record DiscoveredAsset(
    string CanonicalPath,
    FileFingerprint Fingerprint,
    MediaIdentity Identity,
    DiscoveredMetadata? Metadata = null,
    DiscoveredArtwork? Artwork = null);

/// <summary>
/// The artwork a source has for a file: the poster of its show or movie and the still of its episode(s). A null
/// member means the source has none, which clears artwork the same source gave before (never another source's).
/// </summary>
public sealed record DiscoveredArtwork(ArtworkRef? TitlePoster, ArtworkRef? EpisodeStill)
{
    public static DiscoveredArtwork None { get; } = new(null, null);
}

/// <summary>Facts a source supplies beside the file itself.</summary>
public sealed record DiscoveredMetadata
{
    public string? TitleSummary { get; init; }
    public string? TitleContentRating { get; init; }

    /// <summary>The show's or movie's score, 0-10; null leaves the stored one.</summary>
    public double? TitleCommunityRating { get; init; }

    /// <summary>
    /// The genres, tags (collections, labels) and studios of the show or movie as the source writes them. Null: the
    /// source says nothing about them this time, so what it gave before stands; empty: it has none, so what it gave
    /// before is removed (never another source's).
    /// </summary>
    public IReadOnlyList<string>? Genres { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    public IReadOnlyList<string>? Studios { get; init; }
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

    /// <summary>
    /// True when the operator said the files are on this machine (a filesystem source, or a Plex source with path
    /// mappings): then a file that is not reachable is a problem for the review queue. Without mappings, streaming
    /// through the source is the expected way to play, and an unreachable file is not queued.
    /// </summary>
    public bool ExpectedLocally { get; init; } = true;

    /// <summary>The file's path as the source reports it (on the Plex server's machine), before path mapping.</summary>
    public string? SourcePath { get; init; }

    /// <summary>The mapped local path when a path mapping applies, even when the file is not reachable.</summary>
    public string? LocalPath { get; init; }

    /// <summary>The source's own streaming path for the file (Plex: "/library/parts/..."); the server adds its token when it plays it.</summary>
    public string? StreamKey { get; init; }

    /// <summary>
    /// Everything the source says about this file that a change would alter (Plex: updatedAt, media and part ids,
    /// file, size, duration), as one opaque string: equal strings mean nothing to write.
    /// </summary>
    public string? SourceFingerprint { get; init; }

    /// <summary>False for the other versions of an item that has several; exactly one version per item is preferred.</summary>
    public bool IsPreferredVersion { get; init; } = true;

    /// <summary>The 1-based position of this file within a version split over several files, and how many there are.</summary>
    public int PartNumber { get; init; } = 1;

    public int PartCount { get; init; } = 1;

    /// <summary>
    /// The chapters and intro/outro spans the source knows for this file, replacing the ones it gave before (every
    /// kind but avails, which are not the source's). Null: the source says nothing this time (nothing was asked
    /// because the file did not change), so the markers already stored stand.
    /// </summary>
    public IReadOnlyList<MarkerFact>? Markers { get; init; }

    /// <summary>
    /// Why a metadata file for this asset was ignored (one message per unreadable file), queued for review as
    /// <see cref="Domain.Review.ReviewReason.MetadataUnreadable"/>; empty clears that review item.
    /// </summary>
    public IReadOnlyList<string> MetadataProblems { get; init; } = [];
}
