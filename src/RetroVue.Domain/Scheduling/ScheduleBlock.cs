namespace RetroVue.Domain.Scheduling;

public enum BlockKind
{
    /// <summary>Episodes, each starting on a grid line; N of them or as many as fit.</summary>
    Episodes = 0,

    /// <summary>One movie that fits the block.</summary>
    Movie = 1,

    /// <summary>Movies back to back, none twice in a broadcast day; the last may run past the block.</summary>
    Marathon = 2,

    /// <summary>Anything from the pool back to back until the next block.</summary>
    Fill = 3,
}

public enum PlayOrder
{
    /// <summary>In series order, continuing where the pool last stopped, across days and rebuilds.</summary>
    Sequential = 0,

    /// <summary>Every item once in a random order before any repeats.</summary>
    Shuffle = 1,

    /// <summary>Independent random picks; repeats allowed.</summary>
    Random = 2,
}

/// <summary>A block starts at a grid-aligned local time and runs until the next block of the day starts.</summary>
public sealed record ScheduleBlock
{
    public required TimeOnly Start { get; init; }
    public required BlockKind Kind { get; init; }
    public required string Pool { get; init; }
    public PlayOrder Order { get; init; } = PlayOrder.Shuffle;

    /// <summary>For episode blocks: how many episodes; null fills the block.</summary>
    public int? Count { get; init; }

    /// <summary>Shown in the guide when the block has nothing to play (a slate).</summary>
    public string? Title { get; init; }
}

public sealed record DayLayer(string Name, DaySelector Days, IReadOnlyList<ScheduleBlock> Blocks);
