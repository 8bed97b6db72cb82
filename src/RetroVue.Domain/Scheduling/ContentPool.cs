using RetroVue.Domain.Scheduling.Collections;

namespace RetroVue.Domain.Scheduling;

/// <summary>A series named either by its title or by an id another system gives it (e.g. tvdb 71663).</summary>
public sealed record SeriesRef(string? Title, string? Provider = null, string? ExternalId = null)
{
    public static SeriesRef ByTitle(string title) => new(title);

    public static SeriesRef ByProviderId(string provider, string externalId) => new(null, provider, externalId);

    public override string ToString() => Title ?? $"{Provider}:{ExternalId}";
}

public sealed record SeasonRange(int From, int To)
{
    public bool Contains(int? season) => season is { } s && s >= From && s <= To;

    public override string ToString() => From == To ? $"{From}" : $"{From}-{To}";
}

/// <summary>
/// What a block may play, as rules resolved against the catalog at build time: items matching any of the
/// sources (series, titles, all movies, tags) and then every filter (duration, content rating).
/// </summary>
public sealed record ContentPool
{
    public required string Name { get; init; }
    public IReadOnlyList<SeriesRef> Series { get; init; } = [];

    /// <summary>Limits the episodes taken from <see cref="Series"/>; season 0 holds specials.</summary>
    public SeasonRange? Seasons { get; init; }

    /// <summary>Shows or movies named directly.</summary>
    public IReadOnlyList<string> Titles { get; init; } = [];

    public bool AllMovies { get; init; }

    /// <summary>Tags or genres. A catalog without tags matches none of them.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>A saved collection (by name) whose matches the pool takes; its query is looked up when a build or an apply binds it (<see cref="CollectionFilter"/>).</summary>
    public string? Collection { get; init; }

    /// <summary>The bound query of <see cref="Collection"/>; resolving a pool that names a collection without it is an error.</summary>
    public CollectionFilter? CollectionFilter { get; init; }

    public TimeSpan? MinDuration { get; init; }
    public TimeSpan? MaxDuration { get; init; }

    /// <summary>Allowed content ratings; empty allows every item, also unrated ones.</summary>
    public IReadOnlyList<string> Ratings { get; init; } = [];
}
