using RetroVue.Domain.Scheduling;

namespace RetroVue.Tests.Scheduling;

/// <summary>The properties every built timeline must have, checked from the outside against an independent model of the clock.</summary>
internal static class TimelineProperties
{
    public static void AssertAll(RandomScenario scenario, ScheduleEngine engine, IReadOnlyList<TimelineEntry> entries, bool freshStart = true)
    {
        var context = scenario.ToString();
        Assert.True(entries.Count > 0, context);
        var problem = TimelineChecks.FirstProblem(entries);
        Assert.True(problem is null, $"{context}: {problem}");
        AssertBlocksStartOnTime(scenario, entries, context);
        AssertProgrammesAreWholeAndGroupsContiguous(scenario, entries, context);
        AssertSequentialNeverSkipsOrRepeats(engine, entries, context, freshStart);
        AssertShuffleBagsNeverRepeatEarly(engine, entries, context);
        AssertFillerCooldownAndCaps(scenario, entries, context);
    }

    /// <summary>Every block instant has an entry starting exactly there, unless a programme that legitimately runs over covers it.</summary>
    public static void AssertBlocksStartOnTime(RandomScenario scenario, IReadOnlyList<TimelineEntry> entries, string context)
    {
        var starts = entries.Select(e => e.Start).ToHashSet();
        foreach (var instant in ExpectedBlockInstants(scenario.Channel, scenario.Schedule, entries[0].Start, entries[^1].End))
        {
            if (starts.Contains(instant))
            {
                continue;
            }

            var group = entries.Where(e => e.Start < instant && e.End > instant).Select(e => e.GuideKey).Single();
            var overrun = entries.Any(e => e.GuideKey == group && e.Kind == TimelineEntryKind.Program && e.End > instant);
            Assert.True(overrun, $"{context}: the block at {instant:O} started late and no programme overran it.");
        }

        // After an overrun the next programme starts on a grid line.
        for (var i = 1; i < entries.Count; i++)
        {
            if (entries[i].GuideKey != entries[i - 1].GuideKey && !starts.Contains(entries[i].Start) && entries[i].Start == entries[i].GuideKey
                && entries[i - 1].Kind is TimelineEntryKind.Slate or TimelineEntryKind.Filler)
            {
                // A group boundary inside a block (grid-aligned episode or back-to-back fill) is fine either way;
                // the boundary after a pad must be on the grid because pads only ever run to grid lines.
                Assert.True(Schedules.IsOnLocalGrid(scenario.Channel, entries[i].Start), $"{context}: programme after a pad starts off the grid at {entries[i].Start:O}.");
            }
        }
    }

    public static void AssertProgrammesAreWholeAndGroupsContiguous(RandomScenario scenario, IReadOnlyList<TimelineEntry> entries, string context)
    {
        var seenKeys = new HashSet<DateTimeOffset>();
        TimelineEntry? open = null;
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            if (i == 0 || entries[i - 1].GuideKey != e.GuideKey)
            {
                Assert.True(seenKeys.Add(e.GuideKey), $"{context}: guide entry {e.GuideKey:O} is split in two.");
                Assert.True(i == 0 || e.GuideKey == e.Start, $"{context}: guide key {e.GuideKey:O} is not its first entry's start {e.Start:O}.");
            }

            if (e.Kind != TimelineEntryKind.Program)
            {
                Assert.True(e.Kind != TimelineEntryKind.Slate || e.AssetId is null, context);
                continue;
            }

            var item = scenario.Catalog.FindAsset(e.AssetId!.Value)!;
            if (e.InPoint == TimeSpan.Zero)
            {
                Assert.True(open is null, $"{context}: programme {open?.AssetId} was cut at {e.Start:O}.");
            }
            else
            {
                Assert.True(open is not null && open.OutPoint == e.InPoint && open.AssetId == e.AssetId, $"{context}: segment at {e.Start:O} does not continue its programme.");
            }

            open = e.OutPoint == item.Duration ? null : e;
        }

        Assert.True(open is null || open == entries.Last(x => x.Kind == TimelineEntryKind.Program), context);
    }

    public static void AssertSequentialNeverSkipsOrRepeats(ScheduleEngine engine, IReadOnlyList<TimelineEntry> entries, string context, bool freshStart)
    {
        foreach (var group in Schedules.Programmes(entries).Where(e => e.Order == PlayOrder.Sequential).GroupBy(e => e.Pool!))
        {
            var order = engine.Pools[group.Key].Items.Select(i => i.AssetId).ToList();
            var played = group.Select(e => order.IndexOf(e.AssetId!.Value)).ToList();
            if (freshStart)
            {
                Assert.True(played[0] == 0, $"{context}: pool {group.Key} did not start at its first episode.");
            }

            for (var i = 1; i < played.Count; i++)
            {
                Assert.True(played[i] == (played[i - 1] + 1) % order.Count, $"{context}: pool {group.Key} went from #{played[i - 1]} to #{played[i]}.");
            }
        }
    }

    public static void AssertShuffleBagsNeverRepeatEarly(ScheduleEngine engine, IReadOnlyList<TimelineEntry> entries, string context)
    {
        foreach (var group in Schedules.Programmes(entries).Where(e => e.Order == PlayOrder.Shuffle).GroupBy(e => e.Pool!))
        {
            var size = engine.Pools[group.Key].Items.Count;
            foreach (var round in group.Select(e => e.AssetId!.Value).Chunk(size))
            {
                Assert.True(round.Distinct().Count() == round.Length, $"{context}: pool {group.Key} repeated an item before its bag was empty.");
            }
        }
    }

    public static void AssertFillerCooldownAndCaps(RandomScenario scenario, IReadOnlyList<TimelineEntry> entries, string context)
    {
        var filler = scenario.Schedule.Filler;
        var dayStarts = DayStarts(scenario.Channel, entries[0].Start, entries[^1].End);
        foreach (var group in entries.Where(e => e.Kind == TimelineEntryKind.Filler).GroupBy(e => e.AssetId!.Value))
        {
            var starts = group.Select(e => e.Start).ToList();
            for (var i = 1; i < starts.Count; i++)
            {
                Assert.True(starts[i] - starts[i - 1] >= filler.Cooldown, $"{context}: filler {group.Key} restarted after {starts[i] - starts[i - 1]} despite a {filler.Cooldown} cooldown.");
            }

            if (filler.MaxPerDay is { } cap)
            {
                var perDay = starts.GroupBy(s => dayStarts.FindLastIndex(d => d <= s)).Max(g => g.Count());
                Assert.True(perDay <= cap, $"{context}: filler {group.Key} played {perDay} times in a day (cap {cap}).");
            }
        }
    }

    public static List<DateTimeOffset> ExpectedBlockInstants(Channel channel, ChannelSchedule schedule, DateTimeOffset from, DateTimeOffset to)
    {
        var zone = channel.TimeZone;
        var dayStart = channel.BroadcastDayStart.ToTimeSpan();
        var result = new SortedSet<DateTimeOffset>();
        var firstDate = DateOnly.FromDateTime(from.UtcDateTime).AddDays(-2);
        var lastDate = DateOnly.FromDateTime(to.UtcDateTime).AddDays(1);
        for (var date = firstDate; date <= lastDate; date = date.AddDays(1))
        {
            var layer = schedule.Layers.LastOrDefault(l => l.Days.Weekdays != WeekdaySet.All && l.Days.AppliesTo(date))
                ?? schedule.Layers.First(l => l.Days.Weekdays == WeekdaySet.All);
            foreach (var block in layer.Blocks)
            {
                var offset = block.Start.ToTimeSpan() - dayStart;
                if (offset < TimeSpan.Zero)
                {
                    offset += TimeSpan.FromDays(1);
                }

                var instant = Schedules.LocalToUtc(zone, date.ToDateTime(TimeOnly.MinValue) + dayStart + offset);
                if (instant > from && instant < to)
                {
                    result.Add(instant);
                }
            }
        }

        return [.. result];
    }

    public static List<DateTimeOffset> DayStarts(Channel channel, DateTimeOffset from, DateTimeOffset to)
    {
        var list = new List<DateTimeOffset>();
        for (var date = DateOnly.FromDateTime(from.UtcDateTime).AddDays(-2); date <= DateOnly.FromDateTime(to.UtcDateTime).AddDays(1); date = date.AddDays(1))
        {
            list.Add(Schedules.LocalToUtc(channel.TimeZone, date.ToDateTime(channel.BroadcastDayStart)));
        }

        return list;
    }
}
