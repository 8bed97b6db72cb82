using RetroVue.Domain.Library;

namespace RetroVue.Domain.Scheduling;

/// <summary>
/// The catalog frozen for one build, indexed once so that resolving a pool costs the size of its matches,
/// not the size of the catalog. Shared read-only by every channel built from it.
/// </summary>
public sealed class CatalogSnapshot
{
    private readonly Dictionary<string, List<int>> _byTitle = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Provider, string Value), List<int>> _byExternalId = [];
    private readonly Dictionary<string, List<int>> _byTag = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, int> _byAsset = [];
    private readonly List<int> _movies = [];

    public CatalogSnapshot(IEnumerable<CatalogItem> items)
    {
        // Items are kept in series order (title, season, episode, asset) so that rank order is play order.
        var keyed = items
            .GroupBy(i => i.AssetId)
            .Select(g => g.OrderBy(i => i.EpisodeId ?? Guid.Empty).First())
            .Select(i => (Item: i, Key: SequenceKey.Of(i)))
            .OrderBy(x => x.Key)
            .ToList();
        Items = keyed.Select(x => x.Item).ToList();
        Keys = keyed.Select(x => x.Key).ToList();

        for (var rank = 0; rank < Items.Count; rank++)
        {
            var item = Items[rank];
            _byAsset[item.AssetId] = rank;
            Add(_byTitle, Keys[rank].Title, rank);
            if (item.TitleKind == TitleKind.Movie)
            {
                _movies.Add(rank);
            }

            foreach (var id in item.ExternalIds)
            {
                Add(_byExternalId, (id.Provider.ToLowerInvariant(), id.Value), rank);
            }

            foreach (var tag in item.Tags.Select(TagName.Normalize).Distinct(StringComparer.Ordinal))
            {
                Add(_byTag, tag, rank);
            }
        }
    }

    public static CatalogSnapshot Empty { get; } = new([]);

    /// <summary>Every item, in series order; an item's index here is its rank.</summary>
    public IReadOnlyList<CatalogItem> Items { get; }

    internal IReadOnlyList<SequenceKey> Keys { get; }

    public CatalogItem? FindAsset(Guid assetId) => _byAsset.TryGetValue(assetId, out var rank) ? Items[rank] : null;

    internal int? RankOf(Guid assetId) => _byAsset.TryGetValue(assetId, out var rank) ? rank : null;

    internal IReadOnlyList<int> RanksWithTitle(string name) =>
        _byTitle.TryGetValue(Title.Normalize(name), out var ranks) ? ranks : [];

    internal IReadOnlyList<int> RanksWithExternalId(string provider, string value) =>
        _byExternalId.TryGetValue((provider.ToLowerInvariant(), value), out var ranks) ? ranks : [];

    internal IReadOnlyList<int> RanksWithTag(string tag) => _byTag.TryGetValue(TagName.Normalize(tag), out var ranks) ? ranks : [];

    internal IReadOnlyList<int> MovieRanks => _movies;

    private static void Add<TKey>(Dictionary<TKey, List<int>> index, TKey key, int rank)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            list = [];
            index[key] = list;
        }

        list.Add(rank);
    }
}

/// <summary>Series order: title, season, episode, then the asset id to break ties between versions.</summary>
public readonly record struct SequenceKey(string Title, int Season, int Episode, Guid AssetId) : IComparable<SequenceKey>
{
    public static SequenceKey Of(CatalogItem item) =>
        new(Library.Title.Normalize(item.TitleName), item.SeasonNumber ?? 0, item.EpisodeNumber ?? 0, item.AssetId);

    public int CompareTo(SequenceKey other)
    {
        var c = string.CompareOrdinal(Title, other.Title);
        if (c != 0)
        {
            return c;
        }

        c = Season.CompareTo(other.Season);
        if (c != 0)
        {
            return c;
        }

        c = Episode.CompareTo(other.Episode);
        return c != 0 ? c : AssetId.CompareTo(other.AssetId);
    }

    public static bool operator <(SequenceKey left, SequenceKey right) => left.CompareTo(right) < 0;
    public static bool operator >(SequenceKey left, SequenceKey right) => left.CompareTo(right) > 0;
    public static bool operator <=(SequenceKey left, SequenceKey right) => left.CompareTo(right) <= 0;
    public static bool operator >=(SequenceKey left, SequenceKey right) => left.CompareTo(right) >= 0;
}
