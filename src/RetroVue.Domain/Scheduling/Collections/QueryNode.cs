namespace RetroVue.Domain.Scheduling.Collections;

/// <summary>What a condition looks at on a catalog item.</summary>
public enum QueryField
{
    Genre,
    Tag,
    Studio,
    Title,
    Kind,
    Rating,
    Source,
    Year,
    Decade,
    Score,
    Length,
    Added,
}

/// <summary>A parsed query: conditions joined by and, or, not.</summary>
internal abstract record QueryNode;

internal sealed record AndNode(QueryNode Left, QueryNode Right) : QueryNode;

internal sealed record OrNode(QueryNode Left, QueryNode Right) : QueryNode;

internal sealed record NotNode(QueryNode Inner) : QueryNode;

/// <summary>A text value as written and where, for errors found only when the query is bound (an unknown source).</summary>
internal sealed record QueryValue(string Text, int Column);

/// <summary>genre, tag, studio, title, kind, rating, source: matches when the item has any of <see cref="Values"/> (already normalized).</summary>
internal sealed record TextCondition(QueryField Field, IReadOnlyList<QueryValue> Values) : QueryNode;

/// <summary>One interval of numbers; an open end is infinite.</summary>
internal readonly record struct NumberRange(double Min, bool MinInclusive, double Max, bool MaxInclusive)
{
    public bool Contains(double value) =>
        (MinInclusive ? value >= Min : value > Min) && (MaxInclusive ? value <= Max : value < Max);
}

/// <summary>year, decade, score, length (in seconds): matches when the item's number lies in any of <see cref="Ranges"/>.</summary>
internal sealed record RangeCondition(QueryField Field, IReadOnlyList<NumberRange> Ranges) : QueryNode;

/// <summary>added within a span before the instant the query is bound at.</summary>
internal sealed record AddedWithinCondition(TimeSpan Span) : QueryNode;
