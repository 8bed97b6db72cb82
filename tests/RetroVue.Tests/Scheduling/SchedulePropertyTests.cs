using System.Text.Json;
using RetroVue.Domain.Scheduling;

namespace RetroVue.Tests.Scheduling;

/// <summary>Hand-rolled property tests: 200 random libraries and schedules each, reproducible from the printed seed.</summary>
public sealed class SchedulePropertyTests
{
    private const int Cases = 200;
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    public static IEnumerable<object[]> Batches => Enumerable.Range(0, 4).Select(b => new object[] { b });

    [Theory]
    [MemberData(nameof(Batches))]
    public void A_week_is_gapless_on_time_whole_and_in_order_for_random_schedules(int batch)
    {
        foreach (var seed in SeedsOf(batch, 1000))
        {
            var scenario = RandomScenario.Generate(seed);
            var engine = new ScheduleEngine(scenario.Channel, scenario.Schedule, scenario.Catalog);
            var build = engine.Build(scenario.From, scenario.From + Week);

            TimelineProperties.AssertAll(scenario, engine, build.Entries);
            Assert.True(build.Entries[0].Start <= scenario.From && build.Entries[^1].End >= scenario.From + Week, scenario.ToString());
            Assert.Equal(build.Entries[^1].End, build.State.ResumeAt);
            Assert.Equal(build.Entries[0].Start, build.ReplaceFrom);
        }
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public void Building_in_two_steps_through_a_stored_state_equals_building_at_once(int batch)
    {
        foreach (var seed in SeedsOf(batch, 2000))
        {
            var scenario = RandomScenario.Generate(seed);
            var engine = new ScheduleEngine(scenario.Channel, scenario.Schedule, scenario.Catalog);
            var split = scenario.From + TimeSpan.FromHours(new Random(seed).Next(1, 24 * 6));

            var whole = engine.Build(scenario.From, scenario.From + Week);
            var first = engine.Build(scenario.From, split);
            var stored = JsonSerializer.Deserialize<ScheduleState>(JsonSerializer.Serialize(first.State))!;
            var second = new ScheduleEngine(scenario.Channel, scenario.Schedule, scenario.Catalog).Continue(stored, scenario.From + Week);

            Assert.Equal(first.State.ResumeAt, second.ReplaceFrom);
            var joined = first.Entries.Concat(second.Entries).ToList();
            Assert.True(whole.Entries.SequenceEqual(joined), $"{scenario}: continuing from {split:O} differs from one build.");
        }
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public void Rebuilding_from_an_instant_keeps_the_past_and_the_present_programme_and_stays_consistent(int batch)
    {
        foreach (var seed in SeedsOf(batch, 3000))
        {
            var scenario = RandomScenario.Generate(seed);
            var engine = new ScheduleEngine(scenario.Channel, scenario.Schedule, scenario.Catalog);
            var old = engine.Build(scenario.From, scenario.From + Week);
            var instant = scenario.From + TimeSpan.FromMinutes(new Random(seed).Next(0, 6 * 24 * 60));

            var rebuilt = engine.RebuildFrom(old.State, old.Entries, instant, scenario.From + Week);

            var kept = old.Entries.TakeWhile(e => e.Start < rebuilt.ReplaceFrom).ToList();
            var present = kept.Single(e => e.Start <= instant && e.End > instant);
            Assert.True(kept.All(e => e.GuideKey != present.GuideKey || e.End <= rebuilt.ReplaceFrom), scenario.ToString());
            Assert.DoesNotContain(old.Entries.Skip(kept.Count), e => e.GuideKey == present.GuideKey);
            var joined = kept.Concat(rebuilt.Entries).ToList();
            TimelineProperties.AssertAll(scenario, engine, joined);
            Assert.True(joined[^1].End >= scenario.From + Week, scenario.ToString());
        }
    }

    [Fact]
    public void The_same_inputs_give_the_same_timeline_entry_for_entry()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var a = RandomScenario.Generate(seed);
            var b = RandomScenario.Generate(seed);
            var first = new ScheduleEngine(a.Channel, a.Schedule, a.Catalog).Build(a.From, a.From + Week);
            var second = new ScheduleEngine(b.Channel, b.Schedule, b.Catalog).Build(b.From, b.From + Week);
            Assert.Equal(first.Entries, second.Entries);
        }
    }

    private static IEnumerable<int> SeedsOf(int batch, int offset) => Enumerable.Range(offset + (batch * (Cases / 4)), Cases / 4);
}
