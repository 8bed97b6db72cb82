namespace RetroVue.Domain.Scheduling;

public enum TimelineEntryKind
{
    Program = 0,
    Filler = 1,

    /// <summary>Generated "stand by" picture; no asset.</summary>
    Slate = 2,
}

/// <summary>What the guide shows for a programme. Filler carries the programme it is folded into.</summary>
public sealed record GuideProgramme
{
    public required string Title { get; init; }
    public Guid? TitleId { get; init; }
    public Guid? EpisodeId { get; init; }
    public int? SeasonNumber { get; init; }
    public int? EpisodeNumber { get; init; }
    public string? EpisodeTitle { get; init; }
    public int? Year { get; init; }
    public bool IsMovie { get; init; }

    public static GuideProgramme Of(CatalogItem item) => new()
    {
        Title = item.TitleName,
        TitleId = item.TitleId,
        EpisodeId = item.EpisodeId,
        SeasonNumber = item.SeasonNumber,
        EpisodeNumber = item.EpisodeNumber,
        EpisodeTitle = item.EpisodeTitle,
        Year = item.Year,
        IsMovie = item.TitleKind == Library.TitleKind.Movie,
    };

    public static GuideProgramme Slate(string title) => new() { Title = title };
}

/// <summary>
/// One stretch of a channel's timeline: [Start, End) plays [InPoint, OutPoint) of an asset (nothing for a slate).
/// Entries sharing a <see cref="GuideKey"/> form one guide programme.
/// </summary>
public sealed record TimelineEntry
{
    public Guid? AssetId { get; init; }
    public required TimeSpan InPoint { get; init; }
    public required TimeSpan OutPoint { get; init; }
    public required DateTimeOffset Start { get; init; }
    public required DateTimeOffset End { get; init; }
    public required TimelineEntryKind Kind { get; init; }

    /// <summary>The start of the guide programme this entry belongs to; unique per channel and stable across rebuilds.</summary>
    public required DateTimeOffset GuideKey { get; init; }

    public required GuideProgramme Programme { get; init; }

    /// <summary>The pool the item came from, so a rebuild can rewind what the discarded future consumed.</summary>
    public string? Pool { get; init; }

    public PlayOrder? Order { get; init; }

    public TimeSpan Duration => End - Start;
}

/// <summary>An item a pool wanted that could not be played; the caller queues a review item for it.</summary>
public sealed record SkippedAsset(Guid AssetId, string Pool, ItemAvailability Availability, string Reason);

/// <summary>
/// The result of a build: replace every stored entry starting at or after <see cref="ReplaceFrom"/> with
/// <see cref="Entries"/>, and store <see cref="State"/> to continue later.
/// </summary>
public sealed record TimelineBuild(DateTimeOffset ReplaceFrom, IReadOnlyList<TimelineEntry> Entries, ScheduleState State, IReadOnlyList<SkippedAsset> Skipped);
