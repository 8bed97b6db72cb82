using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RetroVue.App.Ingest;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Jellyfin;

/// <summary>
/// Turns one listed movie or episode of a Jellyfin or Emby server into one <see cref="DiscoveredAsset"/> per media source
/// (version). The canonical path is the mapped local path when a path mapping matches; with no mappings, the server's own
/// path when it is a full path on this machine (the server runs here); otherwise "{jellyfin|emby}://{serverId}/items/{mediaSourceId}",
/// which stays stable while the server keeps the file and plays through the server's stream URL.
/// </summary>
public sealed class JellyfinItemMapper(JellyfinFlavor flavor, string serverId, PathMapper pathMapper, Func<string, bool> fileExists, Guid sourceId = default)
{
    /// <summary>The "path" under which problems with an item are reported.</summary>
    public string ItemPath(JellyfinItem item) => $"{flavor.UriScheme}://{serverId}/items/{item.Id}";

    public IReadOnlyList<DiscoveredAsset> Map(JellyfinItem item, JellyfinShowInfo? show, ImportScan scan)
    {
        var identity = Identify(item, show);
        if (identity is null)
        {
            scan.ReportProblem(ItemPath(item), $"{flavor.DisplayName} item '{item.Name}' is a {item.Type ?? "thing"}, not a movie or an episode; skipped.");
            return [];
        }

        var sources = SourcesOf(item);
        if (sources.Count == 0)
        {
            scan.ReportProblem(ItemPath(item), $"{flavor.DisplayName} lists no file for {Describe(item)}; skipped.");
            return [];
        }

        var isMovie = identity is MovieIdentity;
        var itemIds = ProviderIdsOf(item);
        if (item.Id is { Length: > 0 } id)
        {
            itemIds.TryAdd(flavor.ItemProvider, id);
        }

        var titleIds = new Dictionary<string, string>(show?.Ids ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (!isMovie && item.SeriesId is { Length: > 0 } seriesId)
        {
            titleIds.TryAdd(flavor.ItemProvider, seriesId);
        }

        var artwork = ArtworkOf(item, show, isMovie);
        var assets = new List<DiscoveredAsset>();
        var preferredDone = false;
        foreach (var source in sources)
        {
            var localPath = LocalPathOf(source.Path);
            var reachable = localPath is not null && fileExists(localPath);
            var canonical = localPath ?? (source.Id is { Length: > 0 } sourceKey ? $"{flavor.UriScheme}://{serverId}/items/{sourceKey}" : null);
            if (canonical is null)
            {
                scan.ReportProblem(ItemPath(item), $"A file of {Describe(item)} has neither a path nor a media source id; skipped.");
                continue;
            }

            var assetIds = new Dictionary<string, string>(StringComparer.Ordinal);
            if (source.Id is { Length: > 0 } mediaSourceId)
            {
                assetIds[flavor.MediaSourceProvider] = mediaSourceId;
            }

            var metadata = new DiscoveredMetadata
            {
                TitleSummary = isMovie ? item.Overview : show?.Overview,
                TitleContentRating = isMovie ? item.OfficialRating : show?.OfficialRating,
                TitleCommunityRating = Rating(isMovie ? item.CommunityRating : show?.CommunityRating),
                Genres = isMovie ? item.Genres ?? [] : show?.Genres,
                Tags = isMovie ? item.Tags ?? [] : show?.Tags,
                Studios = isMovie ? (item.Studios ?? []).Select(s => s.Name).OfType<string>().ToList() : show?.Studios,
                EpisodeSummary = isMovie ? null : item.Overview,
                EpisodeContentRating = isMovie ? null : item.OfficialRating,
                AirDate = isMovie || item.PremiereDate is not { } premiere ? null : DateOnly.FromDateTime(premiere.UtcDateTime),
                TitleIds = isMovie ? itemIds : titleIds,
                EpisodeIds = isMovie ? new Dictionary<string, string>() : itemIds,
                AssetIds = assetIds,
                KnownFacts = JellyfinStreamFacts.For(source),
                LocallyReachable = reachable,
                ExpectedLocally = pathMapper.HasRules,
                SourcePath = string.IsNullOrWhiteSpace(source.Path) ? null : source.Path,
                LocalPath = localPath,
                StreamKey = StreamKeyOf(item, source),
                SourceFingerprint = Fingerprint(item, source, show),
                IsPreferredVersion = !preferredDone,
            };
            preferredDone = true;
            var modified = item.DateLastSaved ?? item.DateCreated ?? DateTimeOffset.UnixEpoch;
            assets.Add(new DiscoveredAsset(canonical, FileFingerprint.Of(source.Size ?? 0, modified), identity, metadata, artwork));
        }

        return assets;
    }

    /// <summary>What decides whether an item must be written again (and its segments asked for): ids, path, size, runtime, last save, and its series.</summary>
    public string Fingerprint(JellyfinItem item, JellyfinMediaSource source, JellyfinShowInfo? show)
    {
        var text = string.Join(
            '\u001f',
            item.Id,
            show?.Digest,
            item.DateLastSaved?.UtcTicks.ToString(CultureInfo.InvariantCulture),
            item.Name,
            item.ParentIndexNumber?.ToString(CultureInfo.InvariantCulture),
            item.IndexNumber?.ToString(CultureInfo.InvariantCulture),
            source.Id,
            source.Path,
            source.Size?.ToString(CultureInfo.InvariantCulture),
            source.RunTimeTicks?.ToString(CultureInfo.InvariantCulture));
        return flavor.UriScheme + "1:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
    }

    /// <summary>The media sources of an item; an item listed without them (some Emby versions) is its own single source.</summary>
    public static IReadOnlyList<JellyfinMediaSource> SourcesOf(JellyfinItem item)
    {
        if (item.MediaSources is { Count: > 0 } listed)
        {
            return listed;
        }

        return item.Path is { Length: > 0 } || item.Id is { Length: > 0 }
            ? [new JellyfinMediaSource { Id = item.Id, Path = item.Path, Container = item.Container, RunTimeTicks = item.RunTimeTicks, MediaStreams = item.MediaStreams }]
            : [];
    }

    /// <summary>Tvdb, Tmdb and Imdb ids as RetroVue names them; other providers and blank values are left out.</summary>
    public static Dictionary<string, string> ProviderIdsOf(JellyfinItem item)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in item.ProviderIds ?? [])
        {
            var provider = name.ToLowerInvariant() switch
            {
                "tvdb" => Providers.Tvdb,
                "tmdb" => Providers.Tmdb,
                "imdb" => Providers.Imdb,
                "anidb" => Providers.AniDb,
                _ => null,
            };
            if (provider is not null && value?.Trim() is { Length: > 0 and <= 200 } id)
            {
                ids.TryAdd(provider, id);
            }
        }

        return ids;
    }

    /// <summary>The server's static stream of one media source: the file as stored, with byte ranges; the key goes in a header.</summary>
    private static string? StreamKeyOf(JellyfinItem item, JellyfinMediaSource source) =>
        item.Id is { Length: > 0 } id
            ? $"/Videos/{Uri.EscapeDataString(id)}/stream?static=true" + (source.Id is { Length: > 0 } ms ? "&MediaSourceId=" + Uri.EscapeDataString(ms) : "")
            : null;

    private DiscoveredArtwork ArtworkOf(JellyfinItem item, JellyfinShowInfo? show, bool isMovie)
    {
        var own = item.ImageTags?.ContainsKey("Primary") == true ? Image(item.Id) : null;
        if (isMovie)
        {
            return new DiscoveredArtwork(own, null);
        }

        var poster = show?.HasPoster == true || item.SeriesPrimaryImageTag is { Length: > 0 } ? Image(item.SeriesId) : null;
        return new DiscoveredArtwork(poster, own);
    }

    private ArtworkRef? Image(string? itemId) =>
        itemId is { Length: > 0 } ? ArtworkRef.ServerImage(sourceId, $"/Items/{Uri.EscapeDataString(itemId)}/Images/Primary") : null;

    private static double? Rating(double? value) => value is >= 0 and <= 10 ? value : null;

    private MediaIdentity? Identify(JellyfinItem item, JellyfinShowInfo? show)
    {
        switch (item.Type)
        {
            case "Movie":
                return string.IsNullOrWhiteSpace(item.Name)
                    ? new UnmatchedIdentity($"{flavor.DisplayName} movie {item.Id} has no name.")
                    : new MovieIdentity(item.Name.Trim(), item.ProductionYear);
            case "Episode":
                var showName = show?.Name ?? item.SeriesName;
                if (string.IsNullOrWhiteSpace(showName))
                {
                    return new UnmatchedIdentity($"{flavor.DisplayName} episode {item.Id} '{item.Name}' names no series.");
                }

                if (item.ParentIndexNumber is not { } season || item.IndexNumber is not { } episode || season < 0 || episode < 0)
                {
                    return new UnmatchedIdentity($"{flavor.DisplayName} has no season and episode number for '{showName.Trim()}' episode '{item.Name}' (item {item.Id}).");
                }

                var last = item.IndexNumberEnd is { } end && end > episode && end - episode < 10 ? end : episode;
                return new EpisodeIdentity(showName.Trim(), show?.Year, season, Enumerable.Range(episode, last - episode + 1).ToList(), string.IsNullOrWhiteSpace(item.Name) ? null : item.Name);
            default:
                return null;
        }
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

        var normalized = SourcePath.Normalize(serverPath);
        var native = OperatingSystem.IsWindows() ? normalized : (SourcePath.IsWindowsStyle(normalized) ? null : normalized);
        return native is not null && Path.IsPathFullyQualified(native) ? native : null;
    }

    private static string Describe(JellyfinItem item) =>
        item.Type == "Episode"
            ? $"'{item.SeriesName}' S{item.ParentIndexNumber:00}E{item.IndexNumber:00} '{item.Name}' (item {item.Id})"
            : $"'{item.Name}' (item {item.Id})";
}
