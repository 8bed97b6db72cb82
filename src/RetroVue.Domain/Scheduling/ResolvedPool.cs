using RetroVue.Domain.Common;

namespace RetroVue.Domain.Scheduling;

/// <summary>A pool's playable items, in series order and by duration, ready for O(log n) picks.</summary>
public sealed class ResolvedPool
{
    private readonly long[] _durationTicksAscending;

    internal ResolvedPool(string name, IReadOnlyList<CatalogItem> items, IReadOnlyList<SequenceKey> keys, IReadOnlyList<CatalogItem> unavailable, IReadOnlyList<SeriesRef> unknownSeries)
    {
        Name = name;
        Items = items;
        Keys = keys;
        Unavailable = unavailable;
        UnknownSeries = unknownSeries;
        ByDuration = Enumerable.Range(0, items.Count)
            .OrderBy(i => items[i].Duration.Ticks)
            .ThenBy(i => i)
            .ToArray();
        _durationTicksAscending = ByDuration.Select(i => items[i].Duration.Ticks).ToArray();
    }

    public string Name { get; }

    /// <summary>Playable items in series order.</summary>
    public IReadOnlyList<CatalogItem> Items { get; }

    internal IReadOnlyList<SequenceKey> Keys { get; }

    /// <summary>Indexes into <see cref="Items"/>, shortest first.</summary>
    internal int[] ByDuration { get; }

    /// <summary>Items the pool matched that cannot be played (retired, missing, zero length).</summary>
    public IReadOnlyList<CatalogItem> Unavailable { get; }

    /// <summary>Series the pool names that the catalog does not hold.</summary>
    public IReadOnlyList<SeriesRef> UnknownSeries { get; }

    public bool IsEmpty => Items.Count == 0;

    public TimeSpan? ShortestDuration => Items.Count == 0 ? null : Items[ByDuration[0]].Duration;

    /// <summary>How many items last at most <paramref name="limit"/>: they are ByDuration[0..count).</summary>
    internal int CountFitting(TimeSpan limit)
    {
        var index = Array.BinarySearch(_durationTicksAscending, limit.Ticks);
        if (index < 0)
        {
            return ~index;
        }

        // Equal durations may repeat: move past the last one that still fits.
        while (index < _durationTicksAscending.Length && _durationTicksAscending[index] <= limit.Ticks)
        {
            index++;
        }

        return index;
    }

    /// <summary>The first item at or after <paramref name="key"/> (or strictly after), wrapping to the start.</summary>
    internal int IndexFrom(SequenceKey key, bool inclusive)
    {
        var low = 0;
        var high = Keys.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            var c = Keys[mid].CompareTo(key);
            if (c < 0 || (c == 0 && !inclusive))
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low == Keys.Count ? 0 : low;
    }
}

/// <summary>Turns pool rules into items using the snapshot's indexes.</summary>
public static class PoolResolver
{
    public static ResolvedPool Resolve(ContentPool pool, CatalogSnapshot catalog)
    {
        var ranks = new HashSet<int>();
        var unknown = new List<SeriesRef>();
        foreach (var series in pool.Series)
        {
            var matches = series.Title is { } title
                ? catalog.RanksWithTitle(title)
                : catalog.RanksWithExternalId(series.Provider ?? string.Empty, series.ExternalId ?? string.Empty);
            if (matches.Count == 0)
            {
                unknown.Add(series);
            }

            foreach (var rank in matches)
            {
                if (pool.Seasons is null || pool.Seasons.Contains(catalog.Items[rank].SeasonNumber))
                {
                    ranks.Add(rank);
                }
            }
        }

        foreach (var title in pool.Titles)
        {
            ranks.UnionWith(catalog.RanksWithTitle(title));
        }

        if (pool.AllMovies)
        {
            ranks.UnionWith(catalog.MovieRanks);
        }

        foreach (var tag in pool.Tags)
        {
            ranks.UnionWith(catalog.RanksWithTag(tag));
        }

        if (pool.Collection is { } collection)
        {
            var filter = pool.CollectionFilter
                ?? throw new DomainException($"Pool '{pool.Name}' takes collection '{collection}', whose query was not loaded.");
            ranks.UnionWith(filter.Ranks(catalog));
        }

        var ratings = new HashSet<string>(pool.Ratings, StringComparer.OrdinalIgnoreCase);
        var items = new List<CatalogItem>();
        var keys = new List<SequenceKey>();
        var unavailable = new List<CatalogItem>();
        var episodes = new HashSet<Guid>();
        foreach (var rank in ranks.Order())
        {
            var item = catalog.Items[rank];
            if (!PassesFilters(pool, ratings, item))
            {
                continue;
            }

            if (!item.IsPlayable)
            {
                unavailable.Add(item);
                continue;
            }

            // Several files of one episode are versions of it: the pool plays the episode once.
            if (item.EpisodeId is { } episode && !episodes.Add(episode))
            {
                continue;
            }

            items.Add(item);
            keys.Add(catalog.Keys[rank]);
        }

        return new ResolvedPool(pool.Name, items, keys, unavailable, unknown);
    }

    private static bool PassesFilters(ContentPool pool, HashSet<string> ratings, CatalogItem item) =>
        (pool.MinDuration is not { } min || item.Duration >= min)
        && (pool.MaxDuration is not { } max || item.Duration <= max)
        && (ratings.Count == 0 || (item.ContentRating is { } rating && ratings.Contains(rating)));
}
