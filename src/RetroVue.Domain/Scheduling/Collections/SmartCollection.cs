using RetroVue.Domain.Common;

namespace RetroVue.Domain.Scheduling.Collections;

/// <summary>
/// A saved query over the catalog, named so that schedules can use it as a pool (<c>collection: 80s-comedy</c>).
/// What it matches is worked out at every build, so editing the query changes what the next build picks.
/// </summary>
public sealed class SmartCollection
{
    public const int MaxDescriptionLength = 500;

    private SmartCollection()
    {
        Name = string.Empty;
        Query = string.Empty;
    }

    public SmartCollection(string name, CollectionQuery query, string? description, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        Name = CollectionName.Parse(name);
        Query = query.Text;
        Description = CleanDescription(description);
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }

    /// <summary>A lower-case slug (<see cref="CollectionName"/>).</summary>
    public string Name { get; private set; }

    /// <summary>The query as the operator wrote it (trimmed); it parsed when it was stored.</summary>
    public string Query { get; private set; }

    public string? Description { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <returns>True when something changed.</returns>
    public bool Change(CollectionQuery? query, string? description, bool setDescription, DateTimeOffset now)
    {
        var newQuery = query?.Text ?? Query;
        var newDescription = setDescription ? CleanDescription(description) : Description;
        if (newQuery == Query && newDescription == Description)
        {
            return false;
        }

        Query = newQuery;
        Description = newDescription;
        UpdatedAt = now;
        return true;
    }

    private static string? CleanDescription(string? description)
    {
        PrintableText.Require("The description", description);
        var trimmed = description?.Trim();
        if (trimmed is { Length: > MaxDescriptionLength })
        {
            throw new DomainException($"The description is {trimmed.Length} characters long; at most {MaxDescriptionLength}.");
        }

        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }
}
