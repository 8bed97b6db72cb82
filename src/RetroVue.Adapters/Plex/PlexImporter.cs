using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetroVue.App.Ingest;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Plex;

/// <summary>
/// The importer plugin for Plex sources. Lists each chosen library with a few large pages (shows once per
/// section, then every episode flat); the only per-item request is for the chapters of a new or changed item that has
/// some (<see cref="PlexChapterFetcher"/>), so an unchanged re-sync makes none. Any failure after the settings
/// were read marks the listing failed on the scan instead of throwing: what was listed is still yielded,
/// but nothing gets retired, because an outage must never look like deletions.
/// <para>
/// Asked for a delta with a cursor that still matches the source's configuration, it lists only the movies and
/// episodes whose updatedAt or addedAt is at or after the cursor's high-water mark (shows are always listed in full:
/// episodes take their show's year and ids from there) and marks the listing partial, so nothing is retired.
/// </para>
/// </summary>
public sealed class PlexImporter(PlexClientFactory clients, IOptions<PlexOptions> options, ILogger<PlexImporter> logger) : IMediaImporter
{
    public SourceKind Kind => SourceKind.Plex;

    public async IAsyncEnumerable<DiscoveredAsset> DiscoverAsync(Source source, ImportScan scan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = PlexSourceSettings.Read(source);
        var client = clients.Create(settings.Connection);
        var plan = await PlanAsync(client, source, settings, scan, cancellationToken);
        if (plan is null)
        {
            yield break;
        }

        var mapper = new PlexItemMapper(plan.Value.MachineIdentifier, PathMapper.For(source.PathMappings), File.Exists, source.Id);
        var configuration = PlexSyncCursor.ConfigurationOf(plan.Value.MachineIdentifier, plan.Value.Sections, source.PathMappings);
        var previous = PlexSyncCursor.Parse(scan.PreviousCursor);
        long? since = null;
        if (scan.RequestedMode == SyncMode.Delta && previous is not null && previous.Configuration == configuration && !scan.ListingFailed)
        {
            since = previous.HighWater;
            scan.MarkPartialListing();
            logger.LogInformation("Plex source {Source}: listing only what changed since {Since:u}", source.Name, DateTimeOffset.FromUnixTimeSeconds(since.Value));
        }

        var highWater = new PlexHighWater(since ?? 0);
        var chapters = new PlexChapterFetcher(client, options.Value, scan, highWater, logger);
        foreach (var section in plan.Value.Sections)
        {
            var label = $"library '{section.Title?.Trim()}' of Plex source '{source.Name}'";
            logger.LogInformation("Listing {Library}", label);
            var found = 0;
            var failure = new FailureBox();
            var listed = Guard(ListSectionAsync(client, section, mapper, scan, since, highWater, cancellationToken), failure, cancellationToken);
            await foreach (var asset in chapters.CompleteAsync(listed, cancellationToken))
            {
                found++;
                scan.CountFileSeen();
                yield return asset;
            }

            if (failure.Error is { } error)
            {
                scan.MarkListingFailed($"Listing {label} failed; nothing is retired this time. {error.Message}");
                logger.LogWarning("Listing {Library} failed after {Found} files: {Error}", label, found, error.Message);
                if (error is not PlexProtocolException)
                {
                    // The server is down or refuses the token: the other libraries would fail the same way.
                    yield break;
                }

                continue;
            }

            logger.LogInformation("Listed {Library}: {Found} files", label, found);
        }

        if (chapters.Requested + chapters.Skipped > 0)
        {
            logger.LogInformation(
                "Plex source {Source}: chapters asked for {Requested} new or changed items, {Failed} failed, {Skipped} left for the next sync",
                source.Name,
                chapters.Requested,
                chapters.Failed,
                chapters.Skipped);
        }

        if (!scan.ListingFailed)
        {
            scan.SetNextCursor(new PlexSyncCursor(configuration, highWater.Value).ToString());
        }
    }

    private async Task<(string MachineIdentifier, IReadOnlyList<PlexSection> Sections)?> PlanAsync(
        PlexClient client, Source source, PlexSourceSettings settings, ImportScan scan, CancellationToken cancellationToken)
    {
        try
        {
            var identity = await client.GetIdentityAsync(cancellationToken);
            var sections = await client.GetSectionsAsync(cancellationToken);
            return (identity.MachineIdentifier!, ChooseSections(source, settings, sections, scan));
        }
        catch (PlexException ex)
        {
            scan.MarkListingFailed($"Plex source '{source.Name}' could not be listed; nothing is retired this time. {ex.Message}");
            logger.LogWarning("Plex source {Source} could not be listed: {Error}", source.Name, ex.Message);
            return null;
        }
    }

    private static List<PlexSection> ChooseSections(Source source, PlexSourceSettings settings, IReadOnlyList<PlexSection> sections, ImportScan scan)
    {
        var importable = sections.Where(s => s.Key is { Length: > 0 } && s.Type is "movie" or "show").ToList();
        if (settings.Libraries.Count == 0)
        {
            return importable;
        }

        var chosen = new List<PlexSection>();
        foreach (var name in settings.Libraries)
        {
            var match = sections.FirstOrDefault(s => string.Equals(s.Title?.Trim(), name, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                // A library that vanished or was renamed in Plex: its items must not be retired on a guess.
                var known = string.Join(", ", sections.Select(s => $"'{s.Title?.Trim()}'"));
                scan.MarkListingFailed($"Plex source '{source.Name}' has no library named '{name}' (it has {known}); fix the libraries setting. Nothing is retired this time.");
            }
            else if (!importable.Contains(match))
            {
                scan.ReportProblem(string.Empty, $"Plex library '{name}' holds {match.Type} items; only movie and show libraries are imported.");
            }
            else if (!chosen.Contains(match))
            {
                chosen.Add(match);
            }
        }

        return chosen;
    }

    private static async IAsyncEnumerable<PlexListedItem> ListSectionAsync(
        PlexClient client,
        PlexSection section,
        PlexItemMapper mapper,
        ImportScan scan,
        long? since,
        PlexHighWater highWater,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var key = section.Key!;
        if (section.Type == "movie")
        {
            await foreach (var movie in ListChangedAsync(client, key, PlexItemType.Movie, since, "", cancellationToken))
            {
                highWater.See(movie);
                if (mapper.Map(movie, show: null, scan) is { Count: > 0 } assets)
                {
                    yield return new PlexListedItem(movie, assets);
                }
            }

            yield break;
        }

        // One listing of the shows (a page per 200 shows) gives every episode its show's year, summary and ids.
        var shows = new Dictionary<string, PlexShowInfo>(StringComparer.Ordinal);
        await foreach (var show in client.ListItemsAsync(key, PlexItemType.Show, cancellationToken: cancellationToken))
        {
            if (show.RatingKey is { Length: > 0 } showKey)
            {
                shows[showKey] = PlexShowInfo.From(show);
            }
        }

        await foreach (var episode in ListChangedAsync(client, key, PlexItemType.Episode, since, "episode.", cancellationToken))
        {
            highWater.See(episode);
            var show = episode.GrandparentRatingKey is { } showKey ? shows.GetValueOrDefault(showKey) : null;
            if (mapper.Map(episode, show, scan) is { Count: > 0 } assets)
            {
                yield return new PlexListedItem(episode, assets);
            }
        }
    }

    /// <summary>
    /// Every item of the type, or (with <paramref name="since"/>) those updated or added at or after it: two filtered
    /// listings, since an item without updatedAt is found only by addedAt. Items in both are yielded once.
    /// </summary>
    private static async IAsyncEnumerable<PlexMetadata> ListChangedAsync(
        PlexClient client, string sectionKey, PlexItemType type, long? since, string fieldScope, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (since is not { } stamp)
        {
            await foreach (var item in client.ListItemsAsync(sectionKey, type, cancellationToken: cancellationToken))
            {
                yield return item;
            }

            yield break;
        }

        var sinceTime = DateTimeOffset.FromUnixTimeSeconds(stamp);
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in new[] { "updatedAt", "addedAt" })
        {
            await foreach (var item in client.ListItemsAsync(sectionKey, type, new PlexListFilter(fieldScope + field, sinceTime), cancellationToken))
            {
                if (item.RatingKey is { Length: > 0 } ratingKey && !listed.Add(ratingKey))
                {
                    continue;
                }

                yield return item;
            }
        }
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
            catch (PlexException ex)
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
        public PlexException? Error { get; set; }
    }
}
