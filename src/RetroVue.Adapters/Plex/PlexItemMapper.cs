using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RetroVue.App.Ingest;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Plex;

/// <summary>
/// Turns one listed movie or episode into one <see cref="DiscoveredAsset"/> per file (every Part of every
/// Media: versions and multi-part files are all kept).
/// <para>
/// Canonical path (the asset's identity): the mapped local path when a path-mapping rule matches; with no
/// rules at all, Plex's own path when it is a full path on this machine (Plex runs here); otherwise
/// "plex://{machineIdentifier}/parts/{partId}", which stays stable while Plex keeps the file and plays through
/// Plex. Identity never depends on whether the file is reachable right now, so an unmounted share is not
/// mistaken for new files. Changing the mapping rules changes identities: the next full sync retires the old
/// paths and adds the new ones. Two episodes in one file (S01E01-E02) share one canonical path locally.
/// </para>
/// </summary>
public sealed class PlexItemMapper(string machineIdentifier, PathMapper pathMapper, Func<string, bool> fileExists, Guid sourceId = default)
{
    public string MachineIdentifier => machineIdentifier;

    /// <summary>The "path" under which problems with an item are reported.</summary>
    public string ItemPath(PlexMetadata item) => $"plex://{machineIdentifier}/library/metadata/{item.RatingKey}";

    public IReadOnlyList<DiscoveredAsset> Map(PlexMetadata item, PlexShowInfo? show, ImportScan scan)
    {
        var identity = Identify(item, show);
        if (identity is null)
        {
            scan.ReportProblem(ItemPath(item), $"Plex item '{item.Title}' is a {item.Type ?? "thing"}, not a movie or an episode; skipped.");
            return [];
        }

        var versions = (item.Media ?? []).Where(m => m.Part is { Count: > 0 }).ToList();
        if (versions.Count == 0)
        {
            scan.ReportProblem(ItemPath(item), $"Plex lists no file for {Describe(item)}; skipped.");
            return [];
        }

        var files = versions.Select(media => media.Part!.Select(part => Locate(part)).ToList()).ToList();
        var preferred = PlexVersionRule.PreferredIndex(versions, media => files[versions.IndexOf(media)].All(f => f.Reachable));
        var titleIds = new Dictionary<string, string>(show?.Ids ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var itemIds = new Dictionary<string, string>(StringComparer.Ordinal);
        PlexGuids.Collect(item.Guids, item.Guid, itemIds, titleIds);
        if (!string.IsNullOrEmpty(item.RatingKey))
        {
            itemIds.TryAdd(Providers.PlexRatingKey, item.RatingKey);
        }

        if (item.GrandparentRatingKey is { Length: > 0 } showKey)
        {
            titleIds.TryAdd(Providers.PlexRatingKey, showKey);
        }

        if (item.GrandparentGuid is { Length: > 0 } showGuid)
        {
            titleIds.TryAdd(Providers.PlexGuid, showGuid);
        }

        var isMovie = identity is MovieIdentity;
        var labels = isMovie ? PlexLabels.From(item) : show?.Labels;
        var artwork = ArtworkOf(item, show, identity);
        var assets = new List<DiscoveredAsset>();
        for (var v = 0; v < versions.Count; v++)
        {
            var media = versions[v];
            var parts = media.Part!;
            for (var p = 0; p < parts.Count; p++)
            {
                var part = parts[p];
                var file = files[v][p];
                if (file.CanonicalPath is null)
                {
                    scan.ReportProblem(ItemPath(item), $"A file of {Describe(item)} has neither a path nor a part id; skipped.");
                    continue;
                }

                var assetIds = new Dictionary<string, string>(StringComparer.Ordinal);
                if (part.Id is { Length: > 0 } partId)
                {
                    assetIds[Providers.PlexPart] = partId;
                }

                if (media.Id is { Length: > 0 } mediaId)
                {
                    assetIds[Providers.PlexMedia] = mediaId;
                }

                var metadata = new DiscoveredMetadata
                {
                    TitleSummary = isMovie ? item.Summary : show?.Summary,
                    TitleContentRating = isMovie ? item.ContentRating : show?.ContentRating,
                    TitleCommunityRating = labels?.CommunityRating,
                    Genres = labels?.Genres,
                    Tags = labels?.Tags,
                    Studios = labels?.Studios,
                    EpisodeSummary = isMovie ? null : item.Summary,
                    EpisodeContentRating = isMovie ? null : item.ContentRating,
                    AirDate = isMovie ? null : ParseDate(item.OriginallyAvailableAt),
                    TitleIds = isMovie ? itemIds : titleIds,
                    EpisodeIds = isMovie ? new Dictionary<string, string>() : itemIds,
                    AssetIds = assetIds,
                    KnownFacts = PlexStreamFacts.For(media, part, parts.Count),
                    LocallyReachable = file.Reachable,
                    ExpectedLocally = pathMapper.HasRules,
                    SourcePath = string.IsNullOrWhiteSpace(part.File) ? null : part.File,
                    LocalPath = file.LocalPath,
                    StreamKey = part.Key,
                    SourceFingerprint = Fingerprint(item, media, part, show, isMovie ? labels : null),
                    IsPreferredVersion = v == preferred,
                    PartNumber = p + 1,
                    PartCount = parts.Count,
                };
                var modified = DateTimeOffset.FromUnixTimeSeconds(item.UpdatedAt ?? item.AddedAt ?? 0);
                assets.Add(new DiscoveredAsset(file.CanonicalPath, FileFingerprint.Of(part.Size ?? 0, modified), identity, metadata, artwork));
            }
        }

        return assets;
    }

    /// <summary>
    /// A compact digest of what identifies this file's current state in Plex: updatedAt, ids, path, size, duration,
    /// streaming key, a movie's labels, and (for an episode) what it takes from its show, so a show-level edit rewrites
    /// its episodes. Labels are digested apart so that a file without any keeps the fingerprint it had before labels.
    /// </summary>
    public static string Fingerprint(PlexMetadata item, PlexMedia media, PlexPart part, PlexShowInfo? show = null, PlexLabels? labels = null)
    {
        var text = string.Join(
            '\u001f',
            item.RatingKey,
            show?.Digest,
            part.Key,
            item.UpdatedAt?.ToString(CultureInfo.InvariantCulture),
            item.AddedAt?.ToString(CultureInfo.InvariantCulture),
            media.Id,
            part.Id,
            part.File,
            part.Size?.ToString(CultureInfo.InvariantCulture),
            (part.Duration ?? media.Duration)?.ToString(CultureInfo.InvariantCulture));
        if (labels is { IsEmpty: false })
        {
            text += '\u001d' + labels.Digest;
        }

        return "plex1:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
    }

    /// <summary>
    /// A movie's thumb is its poster; an episode's thumb is its still and its show's poster comes from the show listing,
    /// else from the episode's grandparentThumb. Thumbs that are not paths on the server (absolute URLs) are left out.
    /// </summary>
    private DiscoveredArtwork? ArtworkOf(PlexMetadata item, PlexShowInfo? show, MediaIdentity identity) => identity switch
    {
        MovieIdentity => new DiscoveredArtwork(ArtworkRef.ServerImage(sourceId, item.Thumb), null),
        EpisodeIdentity => new DiscoveredArtwork(
            ArtworkRef.ServerImage(sourceId, show?.Thumb) ?? ArtworkRef.ServerImage(sourceId, item.GrandparentThumb),
            ArtworkRef.ServerImage(sourceId, item.Thumb)),
        _ => null,
    };

    private static MediaIdentity? Identify(PlexMetadata item, PlexShowInfo? show)
    {
        switch (item.Type)
        {
            case "movie":
                return string.IsNullOrWhiteSpace(item.Title)
                    ? new UnmatchedIdentity($"Plex movie {item.RatingKey} has no title.")
                    : new MovieIdentity(item.Title.Trim(), item.Year);
            case "episode":
                var showName = show?.Title ?? item.GrandparentTitle;
                if (string.IsNullOrWhiteSpace(showName))
                {
                    return new UnmatchedIdentity($"Plex episode {item.RatingKey} '{item.Title}' names no show.");
                }

                if (item.ParentIndex is not { } season || item.Index is not { } episode || season < 0 || episode < 0)
                {
                    return new UnmatchedIdentity($"Plex has no season and episode number for '{showName.Trim()}' episode '{item.Title}' (item {item.RatingKey}).");
                }

                return new EpisodeIdentity(showName.Trim(), show?.Year, season, [episode], string.IsNullOrWhiteSpace(item.Title) ? null : item.Title);
            default:
                return null;
        }
    }

    private LocatedFile Locate(PlexPart part)
    {
        var localPath = LocalPathOf(part.File);
        var reachable = localPath is not null && fileExists(localPath);
        var canonical = localPath ?? (part.Id is { Length: > 0 } id ? $"plex://{machineIdentifier}/parts/{id}" : null);
        return new LocatedFile(canonical, localPath, reachable);
    }

    private string? LocalPathOf(string? serverPath)
    {
        if (string.IsNullOrWhiteSpace(serverPath))
        {
            return null;
        }

        if (pathMapper.HasRules)
        {
            return pathMapper.TryMap(serverPath);
        }

        // No rules: Plex runs on this machine when its path is a full local one (a Windows path is not, on Linux).
        var normalized = SourcePath.Normalize(serverPath);
        var native = OperatingSystem.IsWindows() ? normalized : (SourcePath.IsWindowsStyle(normalized) ? null : normalized);
        return native is not null && Path.IsPathFullyQualified(native) ? native : null;
    }

    private static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static string Describe(PlexMetadata item) =>
        item.Type == "episode"
            ? $"'{item.GrandparentTitle}' S{item.ParentIndex:00}E{item.Index:00} '{item.Title}' (item {item.RatingKey})"
            : $"'{item.Title}' (item {item.RatingKey})";

    private sealed record LocatedFile(string? CanonicalPath, string? LocalPath, bool Reachable);
}
