namespace RetroVue.Domain.Scheduling;

/// <summary>The mutable working copy of <see cref="ScheduleState"/> during one build.</summary>
internal sealed class BuildState
{
    private readonly Dictionary<string, ShuffleBagState> _storedBags;
    private readonly Dictionary<string, ShuffleBag> _bags = new(StringComparer.Ordinal);

    public BuildState(ScheduleState state)
    {
        Sequences = new Dictionary<string, SequenceCursor>(state.Sequences, StringComparer.Ordinal);
        _storedBags = new Dictionary<string, ShuffleBagState>(state.Bags, StringComparer.Ordinal);
        FillerLastStart = new Dictionary<Guid, DateTimeOffset>(state.FillerLastStart);
        Day = state.Day;
        DayFillerCounts = new Dictionary<Guid, int>(state.DayFillerCounts);
        DayProgrammes = [.. state.DayProgrammes];
    }

    public Dictionary<string, SequenceCursor> Sequences { get; }
    public Dictionary<Guid, DateTimeOffset> FillerLastStart { get; }
    public DateOnly? Day { get; private set; }
    public Dictionary<Guid, int> DayFillerCounts { get; }
    public HashSet<Guid> DayProgrammes { get; }

    public ShuffleBag BagFor(ResolvedPool pool, ulong channelSeed)
    {
        if (!_bags.TryGetValue(pool.Name, out var bag))
        {
            bag = new ShuffleBag(pool, channelSeed, _storedBags.GetValueOrDefault(pool.Name));
            _bags[pool.Name] = bag;
        }

        return bag;
    }

    /// <summary>Per-day counters start over when the broadcast day changes.</summary>
    public void MoveToDay(DateOnly day)
    {
        if (Day == day)
        {
            return;
        }

        Day = day;
        DayFillerCounts.Clear();
        DayProgrammes.Clear();
    }

    public ScheduleState Export(DateTimeOffset resumeAt, TimeSpan cooldown)
    {
        var bags = new Dictionary<string, ShuffleBagState>(_storedBags, StringComparer.Ordinal);
        foreach (var (name, bag) in _bags)
        {
            bags[name] = bag.Export();
        }

        // A start older than the cooldown can no longer block anything that starts at or after resumeAt.
        var lastStarts = FillerLastStart
            .Where(kv => kv.Value + cooldown > resumeAt)
            .OrderBy(kv => kv.Key)
            .ToDictionary(kv => kv.Key, kv => kv.Value);

        return new ScheduleState
        {
            ResumeAt = resumeAt,
            Sequences = new SortedDictionary<string, SequenceCursor>(Sequences, StringComparer.Ordinal),
            Bags = new SortedDictionary<string, ShuffleBagState>(bags, StringComparer.Ordinal),
            FillerLastStart = lastStarts,
            Day = Day,
            DayFillerCounts = DayFillerCounts.OrderBy(kv => kv.Key).ToDictionary(kv => kv.Key, kv => kv.Value),
            DayProgrammes = [.. DayProgrammes.Order()],
        };
    }
}
