using RetroVue.Domain.Library;

namespace RetroVue.Domain.Scheduling.Collections;

/// <summary>
/// A bound query: a predicate over catalog items, and, when the query can only match items carrying one of a few
/// labels, those labels, so that evaluation walks the snapshot's label index instead of every item.
/// </summary>
public sealed class CollectionFilter
{
    /// <summary>One item against the query; the title comes normalized because the snapshot already holds it so (normalizing 50,000 titles per query would cost more than the rest).</summary>
    private delegate bool ItemTest(CatalogItem item, string normalizedTitle);

    private readonly ItemTest _predicate;
    private readonly IReadOnlyList<string>? _requiredLabels;

    private CollectionFilter(CollectionQuery query, ItemTest predicate, IReadOnlyList<string>? requiredLabels)
    {
        Query = query;
        _predicate = predicate;
        _requiredLabels = requiredLabels;
    }

    public CollectionQuery Query { get; }

    public bool Matches(CatalogItem item) => _predicate(item, Title.Normalize(item.TitleName));

    /// <summary>Every item of <paramref name="catalog"/> the query matches, playable or not, in series order.</summary>
    public IReadOnlyList<CatalogItem> Match(CatalogSnapshot catalog) => Ranks(catalog).Select(r => catalog.Items[r]).ToList();

    internal IEnumerable<int> Ranks(CatalogSnapshot catalog)
    {
        if (_requiredLabels is null)
        {
            for (var rank = 0; rank < catalog.Items.Count; rank++)
            {
                if (_predicate(catalog.Items[rank], catalog.Keys[rank].Title))
                {
                    yield return rank;
                }
            }

            yield break;
        }

        IEnumerable<int> candidates = _requiredLabels.Count == 1
            ? catalog.RanksWithTag(_requiredLabels[0])
            : _requiredLabels.SelectMany(catalog.RanksWithTag).Distinct().Order();
        foreach (var rank in candidates)
        {
            if (_predicate(catalog.Items[rank], catalog.Keys[rank].Title))
            {
                yield return rank;
            }
        }
    }

    internal static CollectionFilter Compile(CollectionQuery query, QueryContext context) =>
        new(query, Compile(query.Root, context), RequiredLabels(query.Root));

    private static ItemTest Compile(QueryNode node, QueryContext context)
    {
        switch (node)
        {
            case AndNode and:
                {
                    var left = Compile(and.Left, context);
                    var right = Compile(and.Right, context);
                    return (item, title) => left(item, title) && right(item, title);
                }

            case OrNode or:
                {
                    var left = Compile(or.Left, context);
                    var right = Compile(or.Right, context);
                    return (item, title) => left(item, title) || right(item, title);
                }

            case NotNode not:
                {
                    var inner = Compile(not.Inner, context);
                    return (item, title) => !inner(item, title);
                }

            case TextCondition text:
                return CompileText(text, context);
            case RangeCondition range:
                return CompileRange(range);
            case AddedWithinCondition added:
                {
                    var since = context.Now - added.Span;
                    return (item, _) => item.AddedAt is { } at && at >= since;
                }

            default:
                throw new InvalidOperationException($"Unknown query node {node.GetType().Name}.");
        }
    }

    private static ItemTest CompileText(TextCondition condition, QueryContext context)
    {
        var values = condition.Values.Select(v => v.Text).ToHashSet(StringComparer.Ordinal);
        switch (condition.Field)
        {
            case QueryField.Tag:
                return (item, _) => AnyIn(item.Tags, values);
            case QueryField.Genre:
                return (item, _) => AnyIn(item.Genres, values);
            case QueryField.Studio:
                return (item, _) => AnyIn(item.Studios, values);
            case QueryField.Title:
                return (_, title) => values.Contains(title);
            case QueryField.Kind:
                var kinds = values.Select(Enum.Parse<TitleKind>).ToHashSet();
                return (item, _) => kinds.Contains(item.TitleKind);
            case QueryField.Rating:
                var ratings = values.ToHashSet(StringComparer.OrdinalIgnoreCase);
                return (item, _) => item.ContentRating is { } rating && ratings.Contains(rating.Trim());
            default:
                var ids = new HashSet<Guid>();
                foreach (var value in condition.Values)
                {
                    ids.Add(context.SourceNamed(value.Text)
                        ?? throw new CollectionQueryException(value.Column, $"there is no source named '{value.Text}' (see 'retrovue source list')."));
                }

                return (item, _) => item.SourceId is { } id && ids.Contains(id);
        }
    }

    private static ItemTest CompileRange(RangeCondition condition)
    {
        var ranges = condition.Ranges.ToArray();
        bool In(double value)
        {
            foreach (var range in ranges)
            {
                if (range.Contains(value))
                {
                    return true;
                }
            }

            return false;
        }

        return condition.Field switch
        {
            QueryField.Year or QueryField.Decade => (item, _) => item.Year is { } year && In(year),
            QueryField.Score => (item, _) => item.CommunityRating is { } score && In(score),
            _ => (item, _) => In(item.Duration.TotalSeconds),
        };
    }

    /// <summary>Labels at least one of which every match must carry; null when the query gives no such promise.</summary>
    private static IReadOnlyList<string>? RequiredLabels(QueryNode node) => node switch
    {
        // Item.Tags holds every label, genres and studios included, so any label condition narrows through it.
        TextCondition { Field: QueryField.Tag or QueryField.Genre or QueryField.Studio } text => text.Values.Select(v => v.Text).Distinct(StringComparer.Ordinal).ToList(),
        AndNode and => Smaller(RequiredLabels(and.Left), RequiredLabels(and.Right)),
        OrNode or => RequiredLabels(or.Left) is { } left && RequiredLabels(or.Right) is { } right ? left.Union(right, StringComparer.Ordinal).ToList() : null,
        _ => null,
    };

    private static IReadOnlyList<string>? Smaller(IReadOnlyList<string>? left, IReadOnlyList<string>? right) =>
        left is null ? right : right is null ? left : left.Count <= right.Count ? left : right;

    private static bool AnyIn(IReadOnlyList<string> labels, HashSet<string> values)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            if (values.Contains(labels[i]))
            {
                return true;
            }
        }

        return false;
    }
}
