using RetroVue.Domain.Common;

namespace RetroVue.Domain.Scheduling;

/// <summary>
/// Builds a channel's timeline from its schedule and a catalog snapshot. Pure: no clock, no I/O; the same
/// inputs give the same entries, and building in two steps (Build then Continue) gives exactly what one build gives.
/// Pools are resolved once per engine; an engine is safe to use from several threads.
/// </summary>
public sealed class ScheduleEngine
{
    private readonly Channel _channel;
    private readonly ChannelSchedule _schedule;
    private readonly CatalogSnapshot _catalog;
    private readonly Dictionary<string, ResolvedPool> _pools = new(StringComparer.Ordinal);

    public ScheduleEngine(Channel channel, ChannelSchedule schedule, CatalogSnapshot catalog)
    {
        _channel = channel;
        _schedule = schedule;
        _catalog = catalog;
        foreach (var name in ReferencedPools(schedule))
        {
            var pool = schedule.FindPool(name)
                ?? throw new DomainException($"Channel {channel.Number}: the schedule uses pool '{name}', which it does not define.");
            _pools[name] = PoolResolver.Resolve(pool, catalog);
        }

        Skipped = _pools.Values
            .SelectMany(p => p.Unavailable.Select(item => (Pool: p.Name, Item: item)))
            .GroupBy(x => x.Item.AssetId)
            .Select(g => g.OrderBy(x => x.Pool, StringComparer.Ordinal).First())
            .OrderBy(x => x.Item.AssetId)
            .Select(x => new SkippedAsset(x.Item.AssetId, x.Pool, x.Item.Availability, ReasonFor(x.Item)))
            .ToList();
    }

    /// <summary>Items the schedule's pools match but cannot play; reported with every build for review.</summary>
    public IReadOnlyList<SkippedAsset> Skipped { get; }

    public IReadOnlyDictionary<string, ResolvedPool> Pools => _pools;

    /// <summary>
    /// A fresh timeline covering [from, to). It starts at the start of the block running at <paramref name="from"/>
    /// (so the instant asked for is already mid-programme, as on real TV) and ends with the first slot that reaches <paramref name="to"/>.
    /// </summary>
    public TimelineBuild Build(DateTimeOffset from, DateTimeOffset to)
    {
        RequireRange(from, to);
        var calendar = new BroadcastCalendar(_channel, _schedule);
        var start = new OccurrenceStream(calendar, from).Locate(from).Current.Start;
        var state = new BuildState(ScheduleState.Initial);
        var entries = new List<TimelineEntry>();
        var end = Run(calendar, state, start, to, entries);
        return Result(calendar, start, entries, state, end);
    }

    /// <summary>Extends a timeline from where <paramref name="state"/> says it ends, up to at least <paramref name="to"/>.</summary>
    public TimelineBuild Continue(ScheduleState state, DateTimeOffset to)
    {
        var resumeAt = state.ResumeAt ?? throw new DomainException("This state has no timeline to continue: build first.");
        var calendar = new BroadcastCalendar(_channel, _schedule);
        var working = new BuildState(state);
        var entries = new List<TimelineEntry>();
        var end = Run(calendar, working, resumeAt, to, entries);
        return Result(calendar, resumeAt, entries, working, end);
    }

    /// <summary>
    /// After a schedule or catalog change: keeps every entry up to the end of the programme playing at
    /// <paramref name="instant"/> (it is never cut), pads to the next grid line, and builds the rest anew.
    /// <paramref name="state"/> must be the state stored with <paramref name="existing"/>; what the discarded future
    /// consumed (sequential episodes, shuffle draws, filler counts) is given back first.
    /// </summary>
    public TimelineBuild RebuildFrom(ScheduleState state, IReadOnlyList<TimelineEntry> existing, DateTimeOffset instant, DateTimeOffset to)
    {
        if (existing.Count == 0)
        {
            throw new DomainException("There is no timeline to rebuild: build first.");
        }

        var index = new TimelineIndex(existing);
        if (instant < existing[0].Start)
        {
            throw new DomainException($"Cannot rebuild from {instant:O}: the timeline starts at {existing[0].Start:O}.");
        }

        var present = index.At(instant)?.Index ?? existing.Count - 1;
        var lastKept = present;
        while (lastKept + 1 < existing.Count && existing[lastKept + 1].GuideKey == existing[present].GuideKey)
        {
            lastKept++;
        }

        var resumeAt = existing[lastKept].End;
        var calendar = new BroadcastCalendar(_channel, _schedule);
        var rewound = StateRewinder.Rewind(state, existing, lastKept, resumeAt, calendar, _catalog, _pools, _schedule.Filler.Cooldown);
        var working = new BuildState(rewound);
        var entries = new List<TimelineEntry>();
        var onGrid = calendar.GridCeiling(resumeAt);
        if (onGrid > resumeAt)
        {
            var builder = new SlotBuilder(_channel, _schedule, calendar, _pools, working);
            builder.Pad(resumeAt, onGrid, existing[lastKept].GuideKey, existing[lastKept].Programme, entries);
        }

        var end = Run(calendar, working, onGrid, to > onGrid ? to : onGrid, entries);
        return Result(calendar, resumeAt, entries, working, end);
    }

    private DateTimeOffset Run(BroadcastCalendar calendar, BuildState state, DateTimeOffset cursor, DateTimeOffset to, List<TimelineEntry> output)
    {
        var occurrences = new OccurrenceStream(calendar, cursor);
        var builder = new SlotBuilder(_channel, _schedule, calendar, _pools, state);
        while (cursor < to)
        {
            var (occurrence, next) = occurrences.Locate(cursor);
            cursor = builder.Fill(occurrence, cursor, next, output);
        }

        return cursor;
    }

    private TimelineBuild Result(BroadcastCalendar calendar, DateTimeOffset replaceFrom, List<TimelineEntry> entries, BuildState state, DateTimeOffset end) =>
        new(replaceFrom, entries, state.Export(end, calendar.BroadcastDateOf(end), _schedule.Filler.Cooldown), Skipped);

    private static void RequireRange(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            throw new DomainException($"Nothing to build: {to:O} is not after {from:O}.");
        }
    }

    private static IEnumerable<string> ReferencedPools(ChannelSchedule schedule)
    {
        var names = schedule.Layers.SelectMany(l => l.Blocks).Select(b => b.Pool).ToList();
        var filler = schedule.Filler;
        names.AddRange(new[] { filler.PreRollPool, filler.PostRollPool, filler.PadPool, filler.MidRollPool }.OfType<string>());
        return names.Distinct(StringComparer.Ordinal);
    }

    private static string ReasonFor(CatalogItem item) => item.Availability switch
    {
        ItemAvailability.Retired => $"'{Describe(item)}' is retired: its file left the source.",
        ItemAvailability.Missing => $"'{Describe(item)}' cannot be played (not probed or not reachable).",
        _ => $"'{Describe(item)}' has no usable length.",
    };

    private static string Describe(CatalogItem item) =>
        item.SeasonNumber is { } s && item.EpisodeNumber is { } e ? $"{item.TitleName} S{s:00}E{e:00}" : item.TitleName;
}

/// <summary>Gives back to the state what a discarded stretch of future timeline had consumed.</summary>
internal static class StateRewinder
{
    public static ScheduleState Rewind(
        ScheduleState state,
        IReadOnlyList<TimelineEntry> existing,
        int lastKept,
        DateTimeOffset resumeAt,
        BroadcastCalendar calendar,
        CatalogSnapshot catalog,
        IReadOnlyDictionary<string, ResolvedPool> pools,
        TimeSpan cooldown)
    {
        var sequences = new Dictionary<string, SequenceCursor>(state.Sequences, StringComparer.Ordinal);
        var rewoundPools = new HashSet<string>(StringComparer.Ordinal);
        var bags = new Dictionary<string, ShuffleBagState>(state.Bags, StringComparer.Ordinal);
        for (var i = existing.Count - 1; i > lastKept; i--)
        {
            var entry = existing[i];
            if (entry is { Kind: TimelineEntryKind.Program, InPoint.Ticks: 0, Order: PlayOrder.Shuffle, Pool: { } pool, AssetId: { } asset }
                && bags.TryGetValue(pool, out var bag))
            {
                bags[pool] = Undraw(bag, asset, pools.GetValueOrDefault(pool));
            }
        }

        for (var i = lastKept + 1; i < existing.Count; i++)
        {
            // The first discarded episode of a sequential pool is where that pool must continue.
            if (existing[i] is { Kind: TimelineEntryKind.Program, Order: PlayOrder.Sequential, Pool: { } pool, AssetId: { } asset }
                && rewoundPools.Add(pool) && catalog.FindAsset(asset) is { } item)
            {
                sequences[pool] = new SequenceCursor(SequenceKey.Of(item), Inclusive: true);
            }
        }

        // Cooldowns and day counters are recomputed from what really stays on the timeline.
        var lastStarts = state.FillerLastStart.Where(kv => kv.Value < resumeAt).ToDictionary(kv => kv.Key, kv => kv.Value);
        var day = calendar.BroadcastDateOf(resumeAt);
        var dayStart = calendar.DayStartUtc(day);
        var counts = new Dictionary<Guid, int>();
        var programmes = new HashSet<Guid>();
        for (var i = lastKept; i >= 0; i--)
        {
            var entry = existing[i];
            var inDay = entry.Start >= dayStart;
            if (!inDay && entry.Start + cooldown <= resumeAt)
            {
                break;
            }

            if (entry.AssetId is not { } asset)
            {
                continue;
            }

            if (entry.Kind == TimelineEntryKind.Filler)
            {
                if (!lastStarts.TryGetValue(asset, out var known) || known < entry.Start)
                {
                    lastStarts[asset] = entry.Start;
                }

                if (inDay)
                {
                    counts[asset] = counts.GetValueOrDefault(asset) + 1;
                }
            }
            else if (entry.Kind == TimelineEntryKind.Program && inDay && entry.InPoint == TimeSpan.Zero)
            {
                programmes.Add(asset);
            }
        }

        return state with
        {
            ResumeAt = resumeAt,
            Sequences = sequences,
            Bags = bags,
            FillerLastStart = lastStarts,
            FillerCountsByDay = new Dictionary<DateOnly, IReadOnlyDictionary<Guid, int>> { [day] = counts },
            ProgrammesByDay = new Dictionary<DateOnly, IReadOnlyList<Guid>> { [day] = [.. programmes.Order()] },
        };
    }

    /// <summary>
    /// Puts a draw back, newest first. A draw the current round does not hold came from the round before, which
    /// had drawn everything: the bag steps back to that round.
    /// </summary>
    private static ShuffleBagState Undraw(ShuffleBagState bag, Guid asset, ResolvedPool? pool)
    {
        var drawn = new HashSet<Guid>(bag.Drawn);
        var round = bag.Round;
        if (!drawn.Remove(asset) && round > 0 && pool is not null)
        {
            round--;
            drawn = [.. pool.Items.Select(i => i.AssetId)];
            drawn.Remove(asset);
        }

        return new ShuffleBagState(round, [.. drawn.Order()]);
    }
}
