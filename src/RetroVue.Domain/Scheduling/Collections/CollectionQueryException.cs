using System.Globalization;
using RetroVue.Domain.Common;

namespace RetroVue.Domain.Scheduling.Collections;

/// <summary>A collection query that does not read or cannot be bound; <see cref="Column"/> is 1-based, counted in characters from the query's start.</summary>
public sealed class CollectionQueryException(int column, string problem)
    : DomainException(string.Create(CultureInfo.InvariantCulture, $"column {column}: {problem}"))
{
    public int Column { get; } = column;

    /// <summary>What is wrong, without the column.</summary>
    public string Problem { get; } = problem;
}
