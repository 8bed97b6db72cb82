using RetroVue.Domain.Library;

namespace RetroVue.Domain.Scheduling;

public enum ItemAvailability
{
    Available = 0,

    /// <summary>The file left its source; kept in the catalog for history.</summary>
    Retired = 1,

    /// <summary>The catalog knows the item but it cannot be played (not probed, unreachable, no usable duration).</summary>
    Missing = 2,
}

/// <summary>An external id of the item's show or movie, e.g. ("tvdb", "71663").</summary>
public sealed record ExternalId(string Provider, string Value);

/// <summary>One playable file as the scheduler sees it: flat, with everything a pool filter or the guide needs.</summary>
public sealed record CatalogItem
{
    public required Guid AssetId { get; init; }
    public required Guid TitleId { get; init; }
    public required string TitleName { get; init; }
    public required TitleKind TitleKind { get; init; }
    public int? Year { get; init; }
    public Guid? EpisodeId { get; init; }
    public int? SeasonNumber { get; init; }
    public int? EpisodeNumber { get; init; }
    public string? EpisodeTitle { get; init; }
    public required TimeSpan Duration { get; init; }

    /// <summary>Offsets where a break may go (avail markers, else chapter starts), ascending.</summary>
    public IReadOnlyList<TimeSpan> BreakPoints { get; init; } = [];

    public string? ContentRating { get; init; }

    /// <summary>Every genre, tag and studio of the item's title (what a pool's <c>tags</c> matches), normalized (<see cref="TagName"/>).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The title's genres alone, normalized.</summary>
    public IReadOnlyList<string> Genres { get; init; } = [];

    /// <summary>The title's studios alone, normalized.</summary>
    public IReadOnlyList<string> Studios { get; init; } = [];

    /// <summary>The title's score, 0-10, when a source gives one.</summary>
    public double? CommunityRating { get; init; }

    /// <summary>The source the file comes from.</summary>
    public Guid? SourceId { get; init; }

    /// <summary>When the file entered the catalog.</summary>
    public DateTimeOffset? AddedAt { get; init; }
    public IReadOnlyList<ExternalId> ExternalIds { get; init; } = [];
    public ItemAvailability Availability { get; init; } = ItemAvailability.Available;

    public bool IsPlayable => Availability == ItemAvailability.Available && Duration > TimeSpan.Zero;

    /// <summary>Where mid-roll breaks go: avail markers when the file has any, else chapter starts; never at the very start or end.</summary>
    public static IReadOnlyList<TimeSpan> BreakPointsFrom(IEnumerable<(MarkerKind Kind, TimeSpan Start)> markers, TimeSpan duration)
    {
        var list = markers.ToList();
        var kind = list.Any(m => m.Kind == MarkerKind.Avail) ? MarkerKind.Avail : MarkerKind.Chapter;
        return list.Where(m => m.Kind == kind && m.Start > TimeSpan.Zero && m.Start < duration)
            .Select(m => m.Start)
            .Distinct()
            .Order()
            .ToList();
    }
}
