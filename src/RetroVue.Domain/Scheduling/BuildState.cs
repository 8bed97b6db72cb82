namespace RetroVue.Domain.Scheduling;

/// <summary>The mutable working copy of <see cref="ScheduleState"/> during one build.</summary>
internal sealed class BuildState
{
    private readonly Dictionary<string, ShuffleBagState> _storedBags;
    private readonly Dictionary<string, ShuffleBag> _bags = new(StringComparer.Ordinal);

    // Kept per day because a slot is planned before it is emitted and may reach into the next broadcast day.
    private readonly Dictionary<DateOnly, Dictionary<Guid, int>> _fillerCounts = [];
    private readonly Dictionary<DateOnly, HashSet<Guid>> _programmes = [];

    public BuildState(ScheduleState state)
    {
        Sequences = new Dictionary<string, SequenceCursor>(state.Sequences, StringComparer.Ordinal);
        _storedBags = new Dictionary<string, ShuffleBagState>(state.Bags, StringComparer.Ordinal);
        FillerLastStart = new Dictionary<Guid, DateTimeOffset>(state.FillerLastStart);
        foreach (var (day, counts) in state.FillerCountsByDay)
        {
            _fillerCounts[day] = new Dictionary<Guid, int>(counts);
        }

        foreach (var (day, programmes) in state.ProgrammesByDay)
        {
            _programmes[day] = [.. programmes];
        }
    }

    public Dictionary<string, SequenceCursor> Sequences { get; }
    public Dictionary<Guid, DateTimeOffset> FillerLastStart { get; }
    public ShuffleBag BagFor(ResolvedPool pool, ulong channelSeed)
    {
        if (!_bags.TryGetValue(pool.Name, out var bag))
        {
            bag = new ShuffleBag(pool, channelSeed, _storedBags.GetValueOrDefault(pool.Name));
            _bags[pool.Name] = bag;
        }

        return bag;
    }

    public Dictionary<Guid, int> FillerCountsOn(DateOnly day) => GetOrAdd(_fillerCounts, day);

    public HashSet<Guid> ProgrammesOn(DateOnly day) => GetOrAdd(_programmes, day);

    public ScheduleState Export(DateTimeOffset resumeAt, DateOnly resumeDay, TimeSpan cooldown)
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
            FillerCountsByDay = _fillerCounts
                .Where(kv => kv.Key >= resumeDay && kv.Value.Count > 0)
                .OrderBy(kv => kv.Key)
                .ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<Guid, int>)kv.Value.OrderBy(c => c.Key).ToDictionary(c => c.Key, c => c.Value)),
            ProgrammesByDay = _programmes
                .Where(kv => kv.Key >= resumeDay && kv.Value.Count > 0)
                .OrderBy(kv => kv.Key)
                .ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Guid>)[.. kv.Value.Order()]),
        };
    }

    private static TValue GetOrAdd<TValue>(Dictionary<DateOnly, TValue> map, DateOnly day)
        where TValue : new()
    {
        if (!map.TryGetValue(day, out var value))
        {
            value = new TValue();
            map[day] = value;
        }

        return value;
    }
}
