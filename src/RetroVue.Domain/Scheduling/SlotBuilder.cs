namespace RetroVue.Domain.Scheduling;

/// <summary>
/// Fills one slot — a block from the instant it starts until the next block — with programmes and filler.
/// The rules that keep the grid honest:
/// a programme is never cut; an item that does not fit the time left is not started (it waits, so a
/// sequential series never skips); the only overruns are a marathon's last movie and a sequential episode
/// longer than its whole block, after which the next block starts at the next grid line; filler only ever
/// takes slack, and whatever slack no filler fits becomes slate, so nothing ever starts late and there is no gap.
/// Blocks start on grid lines, and a programme following another within a block starts on the next whole second
/// (the fraction is slate), so the guide's whole-second times are the times programmes really start.
/// </summary>
internal sealed class SlotBuilder
{
    private readonly ChannelSchedule _schedule;
    private readonly BroadcastCalendar _calendar;
    private readonly IReadOnlyDictionary<string, ResolvedPool> _pools;
    private readonly BuildState _state;
    private readonly ProgrammePicker _programmes;
    private readonly FillerPicker _filler;
    private readonly ResolvedPool? _preRoll;
    private readonly ResolvedPool? _postRoll;
    private readonly ResolvedPool? _pad;
    private readonly ResolvedPool? _midRoll;

    public SlotBuilder(Channel channel, ChannelSchedule schedule, BroadcastCalendar calendar, IReadOnlyDictionary<string, ResolvedPool> pools, BuildState state)
    {
        _schedule = schedule;
        _calendar = calendar;
        _pools = pools;
        _state = state;
        _programmes = new ProgrammePicker(state, channel.Seed);
        _filler = new FillerPicker(state, schedule.Filler, channel.Seed);
        _preRoll = PoolOrNull(schedule.Filler.PreRollPool);
        _postRoll = PoolOrNull(schedule.Filler.PostRollPool);
        _pad = PoolOrNull(schedule.Filler.PadPool);
        _midRoll = PoolOrNull(schedule.Filler.MidRollPool);
    }

    private FillerSettings Filler => _schedule.Filler;

    /// <summary>Fills [start, nominalEnd) and returns where the next slot starts (later only after an overrun).</summary>
    public DateTimeOffset Fill(Occurrence occurrence, DateTimeOffset start, DateTimeOffset nominalEnd, List<TimelineEntry> output)
    {
        if (occurrence.Block is not { } block)
        {
            EmitSlate(start, nominalEnd, start, GuideProgramme.Slate(Filler.SlateTitle), output);
            return nominalEnd;
        }

        var pool = _pools[block.Pool];
        var units = pool.IsEmpty
            ? []
            : block.Kind switch
            {
                BlockKind.Episodes => PlanEpisodes(block, pool, start, nominalEnd, start == occurrence.Start),
                BlockKind.Marathon => PlanMarathon(block, pool, start, nominalEnd),
                _ => PlanBackToBack(block, pool, start, nominalEnd, start == occurrence.Start, block.Kind == BlockKind.Movie ? 1 : int.MaxValue),
            };

        if (units.Count == 0)
        {
            EmitSlate(start, nominalEnd, start, GuideProgramme.Slate(block.Title ?? Filler.SlateTitle), output);
            return nominalEnd;
        }

        foreach (var unit in units)
        {
            EmitUnit(unit, output);
        }

        return units[^1].End;
    }

    /// <summary>Pads [from, to) with interstitials, then slate, folded into the given guide programme.</summary>
    public void Pad(DateTimeOffset from, DateTimeOffset to, DateTimeOffset guideKey, GuideProgramme programme, List<TimelineEntry> output)
    {
        PadTo(from, to, guideKey, programme, output);
    }

    private List<Unit> PlanEpisodes(ScheduleBlock block, ResolvedPool pool, DateTimeOffset start, DateTimeOffset nominalEnd, bool fullBlock)
    {
        // Classic TV: every episode starts on a grid line; the time to that line is the episode's filler.
        var units = new List<Unit>();
        var t = start;
        while (t < nominalEnd && (block.Count is not { } n || units.Count < n))
        {
            var rules = new PickRules(nominalEnd - t, fullBlock && units.Count == 0, units.Count == 0, ExcludePlayedToday: false, _calendar.BroadcastDateOf(t));
            if (_programmes.Pick(pool, block.Order, rules, t) is not { } picked)
            {
                break;
            }

            var end = t + picked.Item.Duration;
            var unitEnd = _calendar.GridCeiling(end);
            if (end <= nominalEnd && unitEnd > nominalEnd)
            {
                unitEnd = nominalEnd;
            }

            units.Add(new Unit(t, unitEnd, [new Planned(picked, pool.Name)], unitEnd > nominalEnd ? nominalEnd : null));
            t = unitEnd;
        }

        if (units.Count > 0 && units[^1].End < nominalEnd)
        {
            units[^1] = units[^1] with { End = nominalEnd };
        }

        return units;
    }

    /// <remarks>Plans each following programme from the whole second after the previous one ends, as <see cref="EmitUnit"/> places it.</remarks>
    private List<Unit> PlanBackToBack(ScheduleBlock block, ResolvedPool pool, DateTimeOffset start, DateTimeOffset nominalEnd, bool fullBlock, int maxItems)
    {
        var programmes = new List<Planned>();
        var t = start;
        var end = start;
        while (t < nominalEnd && programmes.Count < maxItems)
        {
            var rules = new PickRules(nominalEnd - t, fullBlock && programmes.Count == 0, programmes.Count == 0, ExcludePlayedToday: false, _calendar.BroadcastDateOf(t));
            if (_programmes.Pick(pool, block.Order, rules, t) is not { } picked)
            {
                break;
            }

            programmes.Add(new Planned(picked, pool.Name));
            end = t + picked.Item.Duration;
            t = GuideTime.Ceiling(end);
        }

        return programmes.Count == 0
            ? []
            : [end > nominalEnd ? new Unit(start, _calendar.GridCeiling(end), programmes, nominalEnd) : new Unit(start, nominalEnd, programmes)];
    }

    private List<Unit> PlanMarathon(ScheduleBlock block, ResolvedPool pool, DateTimeOffset start, DateTimeOffset nominalEnd)
    {
        var programmes = new List<Planned>();
        var t = start;
        var end = start;
        while (t < nominalEnd)
        {
            var rules = new PickRules(null, false, programmes.Count == 0, ExcludePlayedToday: true, _calendar.BroadcastDateOf(t));
            if (_programmes.Pick(pool, block.Order, rules, t) is not { } picked)
            {
                break;
            }

            programmes.Add(new Planned(picked, pool.Name));
            end = t + picked.Item.Duration;
            t = GuideTime.Ceiling(end);
        }

        if (programmes.Count == 0)
        {
            return [];
        }

        var unitEnd = _calendar.GridCeiling(end);
        return [unitEnd > nominalEnd ? new Unit(start, unitEnd, programmes, nominalEnd) : new Unit(start, nominalEnd, programmes)];
    }

    private void EmitUnit(Unit unit, List<TimelineEntry> output)
    {
        var programmes = unit.Programmes;
        var slack = unit.End - unit.Start;
        var lastStartWithoutFiller = unit.Start;
        for (var i = 0; i < programmes.Count; i++)
        {
            slack -= programmes[i].Picked.Item.Duration;
            if (i < programmes.Count - 1)
            {
                lastStartWithoutFiller += programmes[i].Picked.Item.Duration;
            }
        }

        // Filler placed before the last programme starts delays it; in a unit that runs over its block that
        // delay may not carry the start past the block's end, or the next block would start late because of filler.
        var beforeLastStart = unit.LastStartBefore is { } deadline
            ? deadline - lastStartWithoutFiller - TimeSpan.FromTicks(1)
            : TimeSpan.MaxValue;

        // Slack is handed out in time order (bumper, breaks, bumper, next programme...), each pick made at the
        // instant it will start so cooldowns and per-day caps are exact; whatever is left pads the unit's end.
        var alignment = new AlignmentNeeds(programmes);
        var t = unit.Start;
        for (var i = 0; i < programmes.Count; i++)
        {
            var (picked, pool) = programmes[i];
            var isLast = i == programmes.Count - 1;
            var item = picked.Item;
            if (i > 0 && StartOnWholeSecond(t, Min(slack, beforeLastStart), output) is { } aligned)
            {
                slack -= aligned - t;
                beforeLastStart -= aligned - t;
                t = aligned;
            }

            var key = t;
            var guide = GuideProgramme.Of(item);
            if (TakeFiller(_preRoll, alignment.RoomForFiller(_preRoll, Min(slack, beforeLastStart), i, t + item.Duration), t) is { } pre)
            {
                t = EmitFiller(pre, _preRoll!.Name, t, key, guide, output);
                slack -= pre.Duration;
                beforeLastStart -= pre.Duration;
            }

            var inPoint = TimeSpan.Zero;
            var segmentStart = t;
            foreach (var point in BreakPoints(item))
            {
                var breakStart = segmentStart + (point - inPoint);
                var breakItems = TakeBreak(alignment.RoomForFiller(_midRoll, isLast ? slack : Min(slack, beforeLastStart), i, breakStart + (item.Duration - point)), breakStart);
                if (breakItems.Count == 0)
                {
                    continue;
                }

                t = EmitProgram(item, picked.Order, pool, inPoint, point, segmentStart, key, guide, output);
                foreach (var filler in breakItems)
                {
                    t = EmitFiller(filler, _midRoll!.Name, t, key, guide, output);
                    slack -= filler.Duration;
                    beforeLastStart -= filler.Duration;
                }

                inPoint = point;
                segmentStart = t;
            }

            t = EmitProgram(item, picked.Order, pool, inPoint, item.Duration, segmentStart, key, guide, output);
            if (TakeFiller(_postRoll, alignment.RoomForFiller(_postRoll, isLast ? slack : Min(slack, beforeLastStart), i, t), t) is { } post)
            {
                t = EmitFiller(post, _postRoll!.Name, t, key, guide, output);
                slack -= post.Duration;
                beforeLastStart -= post.Duration;
            }
        }

        var last = output[^1];
        PadTo(t, unit.End, last.GuideKey, last.Programme, output);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>
    /// Guides show whole seconds, so a programme following another in the same unit starts on one: the fraction of a
    /// second left after the previous programme (and its filler) becomes slate folded into that programme. The plan and
    /// the filler limits (<see cref="AlignmentNeeds"/>) keep room for it; were it ever missing, the programme would stay
    /// where it is and the guide would round it. Returns where the programme now starts, or null when it stays where it is.
    /// </summary>
    private static DateTimeOffset? StartOnWholeSecond(DateTimeOffset t, TimeSpan limit, List<TimelineEntry> output)
    {
        var aligned = GuideTime.Ceiling(t);
        if (aligned == t || aligned - t > limit)
        {
            return null;
        }

        var previous = output[^1];
        EmitSlate(t, aligned, previous.GuideKey, previous.Programme, output);
        return aligned;
    }

    private CatalogItem? TakeFiller(ResolvedPool? pool, TimeSpan limit, DateTimeOffset at)
    {
        if (pool is null || limit <= TimeSpan.Zero)
        {
            return null;
        }

        return _filler.Pick(pool, limit, at, _calendar.BroadcastDateOf(at));
    }

    private List<CatalogItem> TakeBreak(TimeSpan slack, DateTimeOffset at)
    {
        var items = new List<CatalogItem>();
        var left = slack < Filler.MidRollMaxBreak ? slack : Filler.MidRollMaxBreak;
        while (TakeFiller(_midRoll, left, at) is { } item)
        {
            items.Add(item);
            left -= item.Duration;
            at += item.Duration;
        }

        return items;
    }

    private void PadTo(DateTimeOffset t, DateTimeOffset end, DateTimeOffset key, GuideProgramme programme, List<TimelineEntry> output)
    {
        while (t < end && TakeFiller(_pad, end - t, t) is { } item)
        {
            t = EmitFiller(item, _pad!.Name, t, key, programme, output);
        }

        if (t < end)
        {
            EmitSlate(t, end, key, programme, output);
        }
    }

    private static IReadOnlyList<TimeSpan> BreakPoints(CatalogItem item)
    {
        var points = item.BreakPoints;
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i] <= TimeSpan.Zero || points[i] >= item.Duration || (i > 0 && points[i] <= points[i - 1]))
            {
                return [.. points.Where(p => p > TimeSpan.Zero && p < item.Duration).Distinct().Order()];
            }
        }

        return points;
    }

    private static DateTimeOffset EmitProgram(CatalogItem item, PlayOrder order, string pool, TimeSpan inPoint, TimeSpan outPoint, DateTimeOffset start, DateTimeOffset key, GuideProgramme guide, List<TimelineEntry> output)
    {
        var end = start + (outPoint - inPoint);
        output.Add(new TimelineEntry
        {
            AssetId = item.AssetId,
            InPoint = inPoint,
            OutPoint = outPoint,
            Start = start,
            End = end,
            Kind = TimelineEntryKind.Program,
            GuideKey = key,
            Programme = guide,
            Pool = pool,
            Order = order,
        });
        return end;
    }

    private DateTimeOffset EmitFiller(CatalogItem item, string pool, DateTimeOffset start, DateTimeOffset key, GuideProgramme guide, List<TimelineEntry> output)
    {
        _state.FillerLastStart[item.AssetId] = start;
        var end = start + item.Duration;
        output.Add(new TimelineEntry
        {
            AssetId = item.AssetId,
            InPoint = TimeSpan.Zero,
            OutPoint = item.Duration,
            Start = start,
            End = end,
            Kind = TimelineEntryKind.Filler,
            GuideKey = key,
            Programme = guide,
            Pool = pool,
        });
        return end;
    }

    private static void EmitSlate(DateTimeOffset start, DateTimeOffset end, DateTimeOffset key, GuideProgramme guide, List<TimelineEntry> output) =>
        output.Add(new TimelineEntry
        {
            AssetId = null,
            InPoint = TimeSpan.Zero,
            OutPoint = end - start,
            Start = start,
            End = end,
            Kind = TimelineEntryKind.Slate,
            GuideKey = key,
            Programme = guide,
        });

    private ResolvedPool? PoolOrNull(string? name) => name is not null && _pools.TryGetValue(name, out var pool) && !pool.IsEmpty ? pool : null;

    private readonly record struct Planned(Picked Picked, string Pool);

    /// <summary>
    /// The slate the programmes of a unit still need to start on whole seconds, so that filler placed before the last
    /// of them never takes the fractions they need (the plan left room for them).
    /// </summary>
    private sealed class AlignmentNeeds
    {
        private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

        /// <summary>[k]: the slate needed before programmes k+1 .. last when programme k starts on a whole second.</summary>
        private readonly TimeSpan[] _from;

        public AlignmentNeeds(List<Planned> programmes)
        {
            _from = new TimeSpan[programmes.Count];
            for (var k = programmes.Count - 2; k >= 0; k--)
            {
                var length = programmes[k].Picked.Item.Duration;
                _from[k] = _from[k + 1] + (TimeSpan.FromTicks((length.Ticks + OneSecond.Ticks - 1) / OneSecond.Ticks * OneSecond.Ticks) - length);
            }
        }

        /// <summary>
        /// How much of <paramref name="available"/> filler from <paramref name="pool"/> may take while programme
        /// <paramref name="index"/> plays or has just played, its content ending at <paramref name="contentEnd"/>.
        /// Filler of fractional length shifts the fractions later programmes need by less than a second, so it leaves one more.
        /// </summary>
        public TimeSpan RoomForFiller(ResolvedPool? pool, TimeSpan available, int index, DateTimeOffset contentEnd)
        {
            if (pool is null || index >= _from.Length - 1)
            {
                return available;
            }

            var needed = (GuideTime.Ceiling(contentEnd) - contentEnd) + _from[index + 1];
            return pool.Items.Any(i => i.Duration.Ticks % OneSecond.Ticks != 0) ? available - needed - OneSecond : available - needed;
        }
    }

    /// <summary>Programmes sharing one stretch of slack. A unit that runs over its block keeps its last start before the block's end.</summary>
    private sealed record Unit(DateTimeOffset Start, DateTimeOffset End, List<Planned> Programmes, DateTimeOffset? LastStartBefore = null);
}
