using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using RetroVue.App.Ingest;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Jellyfin;

/// <summary>
/// The importer plugin for Jellyfin and Emby sources (one instance per <see cref="JellyfinFlavor"/>). Lists each chosen
/// library with a few large pages: its series once, then every movie and episode flat. The only per-item request is a
/// Jellyfin item's media segments (intro/credits), asked for only when the item is new or changed, so an unchanged
/// re-sync makes none. Any failure after the settings were read marks the listing failed instead of throwing: what was
/// listed is still yielded, but nothing is retired, because an outage must never look like deletions.
/// <para>
/// Asked for a delta with a cursor that still matches the source's configuration, it lists only the items saved at or
/// after the cursor's high-water mark (MinDateLastSaved; series are always listed in full, episodes take their series'
/// facts from there) and marks the listing partial, so nothing is retired.
/// </para>
/// </summary>
public sealed class JellyfinImporter(JellyfinFlavor flavor, JellyfinClientFactory clients, ILogger<JellyfinImporter> logger) : IMediaImporter
{
    /// <summary>A run stops asking for segments after this many failures in a row; the items left are asked for next time.</summary>
    public const int SegmentFailureLimit = 5;

    private const string SegmentsPending = "/segments-pending";

    public SourceKind Kind => flavor.Kind;

    public async IAsyncEnumerable<DiscoveredAsset> DiscoverAsync(Source source, ImportScan scan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = JellyfinSourceSettings.Read(source);
        var client = clients.Create(settings.Connection);
        var plan = await PlanAsync(client, source, settings, scan, cancellationToken);
        if (plan is null)
        {
            yield break;
        }

        var (serverId, libraries) = plan.Value;
        var mapper = new JellyfinItemMapper(flavor, serverId, PathMapper.For(source.PathMappings), File.Exists, source.Id);
        var configuration = JellyfinSyncCursor.ConfigurationOf(serverId, libraries, source.PathMappings);
        var previous = JellyfinSyncCursor.Parse(scan.PreviousCursor);
        DateTimeOffset? since = null;
        if (scan.RequestedMode == SyncMode.Delta && previous is not null && previous.Configuration == configuration && !scan.ListingFailed)
        {
            since = previous.HighWater;
            scan.MarkPartialListing();
            logger.LogInformation("{Server} source {Source}: listing only what was saved since {Since:u}", flavor.DisplayName, source.Name, since);
        }

        var run = new ListingRun(client, mapper, scan, since, new JellyfinHighWater(since?.UtcTicks ?? 0), new HashSet<string>(StringComparer.Ordinal));
        foreach (var library in libraries)
        {
            var label = $"library '{library.Name?.Trim()}' of {flavor.DisplayName} source '{source.Name}'";
            logger.LogInformation("Listing {Library}", label);
            var found = 0;
            var failure = new FailureBox();
            await foreach (var asset in Guard(ListLibraryAsync(run, library, cancellationToken), failure, cancellationToken))
            {
                found++;
                scan.CountFileSeen();
                yield return asset;
            }

            if (failure.Error is { } error)
            {
                scan.MarkListingFailed($"Listing {label} failed; nothing is retired this time. {error.Message}");
                logger.LogWarning("Listing {Library} failed after {Found} files: {Error}", label, found, error.Message);
                if (error is not JellyfinProtocolException)
                {
                    // The server is down or refuses the key: the other libraries would fail the same way.
                    yield break;
                }

                continue;
            }

            logger.LogInformation("Listed {Library}: {Found} files", label, found);
        }

        if (run.SegmentRequests > 0)
        {
            logger.LogInformation("{Server} source {Source}: media segments asked for {Requested} new or changed items, {Failed} failed", flavor.DisplayName, source.Name, run.SegmentRequests, run.SegmentFailures);
        }

        if (!scan.ListingFailed)
        {
            scan.SetNextCursor(new JellyfinSyncCursor(configuration, run.HighWater.Value).ToString());
        }
    }

    private async Task<(string ServerId, IReadOnlyList<JellyfinLibrary> Libraries)?> PlanAsync(
        JellyfinClient client, Source source, JellyfinSourceSettings settings, ImportScan scan, CancellationToken cancellationToken)
    {
        try
        {
            var info = await client.GetSystemInfoAsync(cancellationToken);
            var libraries = await client.GetLibrariesAsync(cancellationToken);
            return (info.Id!, Choose(source, settings, libraries, scan));
        }
        catch (JellyfinException ex)
        {
            scan.MarkListingFailed($"{flavor.DisplayName} source '{source.Name}' could not be listed; nothing is retired this time. {ex.Message}");
            logger.LogWarning("{Server} source {Source} could not be listed: {Error}", flavor.DisplayName, source.Name, ex.Message);
            return null;
        }
    }

    /// <summary>Movie, show and mixed libraries (Jellyfin names mixed ones with no collection type); music, books and photos are not imported.</summary>
    public static bool IsImportable(JellyfinLibrary library) =>
        library.ItemId is { Length: > 0 } && library.CollectionType is null or "" or "movies" or "tvshows" or "mixed" or "homevideos";

    private List<JellyfinLibrary> Choose(Source source, JellyfinSourceSettings settings, IReadOnlyList<JellyfinLibrary> libraries, ImportScan scan)
    {
        var importable = libraries.Where(IsImportable).ToList();
        if (settings.Libraries.Count == 0)
        {
            return importable;
        }

        var chosen = new List<JellyfinLibrary>();
        foreach (var name in settings.Libraries)
        {
            var match = libraries.FirstOrDefault(l => string.Equals(l.Name?.Trim(), name, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                // A library that vanished or was renamed: its items must not be retired on a guess.
                var known = string.Join(", ", libraries.Select(l => $"'{l.Name?.Trim()}'"));
                scan.MarkListingFailed($"{flavor.DisplayName} source '{source.Name}' has no library named '{name}' (it has {known}); fix the libraries setting. Nothing is retired this time.");
            }
            else if (!importable.Contains(match))
            {
                scan.ReportProblem(string.Empty, $"{flavor.DisplayName} library '{name}' holds {match.CollectionType} items; only movie, show and mixed libraries are imported.");
            }
            else if (!chosen.Contains(match))
            {
                chosen.Add(match);
            }
        }

        return chosen;
    }

    private async IAsyncEnumerable<DiscoveredAsset> ListLibraryAsync(ListingRun run, JellyfinLibrary library, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var libraryId = library.ItemId!;
        var shows = new Dictionary<string, JellyfinShowInfo>(StringComparer.Ordinal);
        var types = library.CollectionType switch
        {
            "movies" => "Movie",
            "tvshows" => "Episode",
            _ => "Movie,Episode",
        };
        if (types.Contains("Episode", StringComparison.Ordinal))
        {
            // One listing of the series gives every episode its series' year, overview, labels and ids.
            await foreach (var series in run.Client.ListItemsAsync(new JellyfinItemQuery(libraryId, "Series"), cancellationToken))
            {
                if (series.Id is { Length: > 0 } seriesId)
                {
                    shows[seriesId] = JellyfinShowInfo.From(series, flavor);
                }
            }
        }

        await foreach (var item in run.Client.ListItemsAsync(new JellyfinItemQuery(libraryId, types, run.Since), cancellationToken))
        {
            run.HighWater.See(item);
            if (item.Id is { Length: > 0 } itemId && !run.ListedIds.Add(itemId))
            {
                // The same item in two libraries (overlapping folders): imported once, from the first.
                logger.LogDebug("{Server} item {Item} is in more than one library; imported once", flavor.DisplayName, itemId);
                continue;
            }

            var show = item.SeriesId is { } seriesKey ? shows.GetValueOrDefault(seriesKey) : null;
            var assets = run.Mapper.Map(item, show, run.Scan);
            if (assets.Count == 0)
            {
                continue;
            }

            foreach (var asset in await WithSegmentsAsync(run, item, assets, cancellationToken))
            {
                yield return asset;
            }
        }
    }

    /// <summary>
    /// Adds the item's intro/outro segments when it is new or changed (a file whose fingerprint differs from the stored one).
    /// Unchanged items are not asked for (their stored markers stand). When the request fails the fingerprint is marked
    /// pending, so the next sync asks again, and the delta high-water is held back to this item.
    /// </summary>
    private async Task<IReadOnlyList<DiscoveredAsset>> WithSegmentsAsync(ListingRun run, JellyfinItem item, IReadOnlyList<DiscoveredAsset> assets, CancellationToken cancellationToken)
    {
        if (flavor.HasChapterMarkers)
        {
            var marked = ChapterMarkersOf(item.Chapters, item.RunTimeTicks);
            return assets.Select(a => a with { Metadata = a.Metadata! with { Markers = marked } }).ToList();
        }

        if (!flavor.HasMediaSegments || run.SegmentsUnsupported || item.Id is not { Length: > 0 } itemId
            || assets.All(a => run.Scan.KnownSourceFingerprint(a.CanonicalPath) == a.Metadata?.SourceFingerprint))
        {
            return assets;
        }

        IReadOnlyList<MarkerFact>? markers = null;
        if (run.ConsecutiveSegmentFailures < SegmentFailureLimit)
        {
            try
            {
                run.SegmentRequests++;
                markers = MarkersOf(await run.Client.GetMediaSegmentsAsync(itemId, cancellationToken));
                run.ConsecutiveSegmentFailures = 0;
            }
            catch (JellyfinNotFoundException)
            {
                // A server before 10.10 has no segments at all: nothing to ask for, now or next time.
                run.SegmentsUnsupported = true;
                return assets;
            }
            catch (JellyfinException ex)
            {
                run.SegmentFailures++;
                run.ConsecutiveSegmentFailures++;
                logger.LogWarning("{Server} media segments of item {Item} could not be read: {Error}", flavor.DisplayName, itemId, ex.Message);
            }
        }

        if (markers is null)
        {
            run.HighWater.HoldBackFor(item);
            return assets.Select(a => a with { Metadata = a.Metadata! with { SourceFingerprint = a.Metadata.SourceFingerprint + SegmentsPending } }).ToList();
        }

        return assets.Select(a => a with { Metadata = a.Metadata! with { Markers = markers } }).ToList();
    }

    /// <summary>Intro and Outro segments become intro and outro spans; recaps, previews and commercials are not RetroVue's to use.</summary>
    public static IReadOnlyList<MarkerFact> MarkersOf(IReadOnlyList<JellyfinSegment> segments) =>
        segments
            .Where(s => s.StartTicks is >= 0 && s.EndTicks is { } end && end > s.StartTicks)
            .Select(s => (Kind: s.Type switch { "Intro" => MarkerKind.Intro, "Outro" => MarkerKind.Outro, _ => (MarkerKind?)null }, Segment: s))
            .Where(s => s.Kind is not null)
            .Select(s => new MarkerFact(s.Kind!.Value, TimeSpan.FromTicks(s.Segment.StartTicks!.Value), TimeSpan.FromTicks(s.Segment.EndTicks!.Value), s.Segment.Type))
            .OrderBy(m => m.Start)
            .ToList();

    /// <summary>
    /// Emby's chapter marks as spans: IntroStart up to the next IntroEnd is the intro (an IntroEnd alone means an intro from
    /// the start), CreditsStart up to the end of the item is the outro. Plain chapters and marks that make no span are left out.
    /// </summary>
    public static IReadOnlyList<MarkerFact> ChapterMarkersOf(IReadOnlyList<JellyfinChapter>? chapters, long? runTimeTicks)
    {
        var marks = (chapters ?? [])
            .Where(c => c.StartPositionTicks is >= 0 && c.MarkerType is "IntroStart" or "IntroEnd" or "CreditsStart")
            .OrderBy(c => c.StartPositionTicks)
            .ToList();
        var markers = new List<MarkerFact>();
        long? introStart = null;
        foreach (var mark in marks)
        {
            var at = mark.StartPositionTicks!.Value;
            switch (mark.MarkerType)
            {
                case "IntroStart":
                    introStart = at;
                    break;
                case "IntroEnd" when at > (introStart ?? 0) && markers.All(m => m.Kind != MarkerKind.Intro):
                    markers.Add(new MarkerFact(MarkerKind.Intro, TimeSpan.FromTicks(introStart ?? 0), TimeSpan.FromTicks(at), "Intro"));
                    introStart = null;
                    break;
                case "CreditsStart" when runTimeTicks is { } end && end > at && markers.All(m => m.Kind != MarkerKind.Outro):
                    markers.Add(new MarkerFact(MarkerKind.Outro, TimeSpan.FromTicks(at), TimeSpan.FromTicks(end), "Credits"));
                    break;
            }
        }

        return markers;
    }

    // C# cannot yield inside a try with a catch; this moves the enumerator under a try and records the failure.
    private static async IAsyncEnumerable<T> Guard<T>(IAsyncEnumerable<T> items, FailureBox failure, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var enumerator = items.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool moved;
            try
            {
                moved = await enumerator.MoveNextAsync();
            }
            catch (JellyfinException ex)
            {
                failure.Error = ex;
                moved = false;
            }

            if (!moved)
            {
                yield break;
            }

            yield return enumerator.Current;
        }
    }

    private sealed class FailureBox
    {
        public JellyfinException? Error { get; set; }
    }

    private sealed class ListingRun(JellyfinClient client, JellyfinItemMapper mapper, ImportScan scan, DateTimeOffset? since, JellyfinHighWater highWater, HashSet<string> listedIds)
    {
        public JellyfinClient Client => client;
        public JellyfinItemMapper Mapper => mapper;
        public ImportScan Scan => scan;
        public DateTimeOffset? Since => since;
        public JellyfinHighWater HighWater => highWater;
        public HashSet<string> ListedIds => listedIds;
        public int SegmentRequests { get; set; }
        public int SegmentFailures { get; set; }
        public int ConsecutiveSegmentFailures { get; set; }
        public bool SegmentsUnsupported { get; set; }
    }
}
