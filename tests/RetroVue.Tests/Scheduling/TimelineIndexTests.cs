using RetroVue.Domain.Common;
using RetroVue.Domain.Scheduling;
using static RetroVue.Tests.Scheduling.Schedules;

namespace RetroVue.Tests.Scheduling;

public sealed class TimelineIndexTests
{
    [Fact]
    public void At_finds_the_entry_playing_at_any_instant_exactly_as_a_linear_scan_would()
    {
        var scenario = RandomScenario.Generate(42);
        var entries = new ScheduleEngine(scenario.Channel, scenario.Schedule, scenario.Catalog).Build(scenario.From, scenario.From.AddDays(7)).Entries;
        var index = new TimelineIndex(entries);
        var random = new Random(7);

        for (var i = 0; i < 2000; i++)
        {
            var instant = entries[0].Start + TimeSpan.FromTicks((long)(random.NextDouble() * (entries[^1].End - entries[0].Start).Ticks));
            var expected = entries.Single(e => e.Start <= instant && instant < e.End);

            var now = index.At(instant)!;

            Assert.Same(expected, now.Entry);
            Assert.Equal(instant - expected.Start, now.Offset);
            Assert.Equal(expected.InPoint + now.Offset, now.FilePosition);
        }
    }

    [Fact]
    public void At_treats_an_entry_as_starting_inclusive_and_ending_exclusive_and_is_empty_outside_the_timeline()
    {
        var entries = new ScheduleEngine(Channel(), Daily([Series("s", "S")], null, Block("06:00", BlockKind.Fill, "s")), new CatalogBuilder().Show("S", 1, 5, Min(30)).Snapshot())
            .Build(Jan6.AddHours(6), Jan6.AddHours(12)).Entries;
        var index = new TimelineIndex(entries);

        Assert.Same(entries[1], index.At(entries[1].Start)!.Entry);
        Assert.Same(entries[0], index.At(entries[1].Start.AddTicks(-1))!.Entry);
        Assert.Null(index.At(entries[0].Start.AddTicks(-1)));
        Assert.Null(index.At(entries[^1].End));
        Assert.Equal([entries[2], entries[3]], index.Following(1, 2));
        Assert.Empty(index.Following(entries.Count - 1, 5));
    }

    [Fact]
    public void An_index_refuses_a_timeline_with_a_gap()
    {
        var entries = new ScheduleEngine(Channel(), Daily([Series("s", "S")], null, Block("06:00", BlockKind.Fill, "s")), new CatalogBuilder().Show("S", 1, 5, Min(30)).Snapshot())
            .Build(Jan6.AddHours(6), Jan6.AddHours(12)).Entries.Where((_, i) => i != 2).ToList();

        var error = Assert.Throws<DomainException>(() => new TimelineIndex(entries));
        Assert.Contains("gap", error.Message, StringComparison.Ordinal);
    }
}
