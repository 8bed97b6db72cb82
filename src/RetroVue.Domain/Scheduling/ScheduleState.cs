namespace RetroVue.Domain.Scheduling;

/// <summary>Where a sequential pool continues: the first item at or after (or strictly after) this key.</summary>
public sealed record SequenceCursor(SequenceKey Key, bool Inclusive);

/// <summary>A shuffle bag: which round it is in (each round is a fresh permutation) and what that round already gave.</summary>
public sealed record ShuffleBagState(int Round, IReadOnlyList<Guid> Drawn);

/// <summary>
/// Everything the scheduler must remember between builds so that continuing equals rebuilding. Plain
/// collections only, so it serializes as JSON. Randomness is not stored: random picks derive from the
/// channel seed and the instant.
/// </summary>
public sealed record ScheduleState
{
    public static ScheduleState Initial { get; } = new();

    /// <summary>Where the built timeline ends; the next build starts here.</summary>
    public DateTimeOffset? ResumeAt { get; init; }

    public IReadOnlyDictionary<string, SequenceCursor> Sequences { get; init; } = new Dictionary<string, SequenceCursor>();
    public IReadOnlyDictionary<string, ShuffleBagState> Bags { get; init; } = new Dictionary<string, ShuffleBagState>();

    /// <summary>When each filler item last started, for cooldowns.</summary>
    public IReadOnlyDictionary<Guid, DateTimeOffset> FillerLastStart { get; init; } = new Dictionary<Guid, DateTimeOffset>();

    /// <summary>How often each filler item started, per broadcast day (days before the resume day are dropped).</summary>
    public IReadOnlyDictionary<DateOnly, IReadOnlyDictionary<Guid, int>> FillerCountsByDay { get; init; } = new Dictionary<DateOnly, IReadOnlyDictionary<Guid, int>>();

    /// <summary>Programmes started per broadcast day: marathons never repeat one within a day.</summary>
    public IReadOnlyDictionary<DateOnly, IReadOnlyList<Guid>> ProgrammesByDay { get; init; } = new Dictionary<DateOnly, IReadOnlyList<Guid>>();
}
