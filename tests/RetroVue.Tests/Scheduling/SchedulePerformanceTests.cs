using RetroVue.Domain.Scheduling;
using static RetroVue.Tests.Scheduling.Schedules;

namespace RetroVue.Tests.Scheduling;

/// <summary>
/// The benchmark's workload as a correctness check: a hundred channels, a week, a 20,000-item catalog. How long it
/// takes is measured by the benchmark (bench/RetroVue.Bench schedule, docs/benchmarks.md), not here: timed tests flake.
/// </summary>
public sealed class SchedulePerformanceTests
{
    [Fact]
    public void A_hundred_channels_build_a_gapless_week_over_twenty_thousand_assets()
    {
        var random = new Random(20_000);
        var catalog = new CatalogBuilder();
        for (var show = 0; show < 400; show++)
        {
            catalog.Show($"Show {show}", 3, 15, Min(random.Next(2) == 0 ? 22 : 44) + TimeSpan.FromSeconds(random.Next(-60, 60)), [Min(8)]);
        }

        for (var movie = 0; movie < 1500; movie++)
        {
            catalog.Movie($"Movie {movie}", Min(random.Next(80, 160)));
        }

        catalog.Interstitials("Ads", Enumerable.Range(0, 400).Select(_ => TimeSpan.FromSeconds(random.Next(10, 120))).ToArray());
        catalog.Interstitials("Bumpers", Enumerable.Range(0, 100).Select(_ => TimeSpan.FromSeconds(random.Next(3, 15))).ToArray());
        var snapshot = catalog.Snapshot();
        var from = Jan6.AddHours(6);
        for (var c = 0; c < 100; c++)
        {
            var pools = new List<ContentPool>
            {
                Series("a", $"Show {c}"), Series("b", $"Show {c + 100}", $"Show {c + 200}"), new() { Name = "movies", AllMovies = true },
                Series("ads", "Ads"), Series("bumpers", "Bumpers"),
            };
            var filler = new FillerSettings { PreRollPool = "bumpers", PadPool = "ads", MidRollPool = "ads", Cooldown = Min(30), MaxPerDay = 20 };
            var schedule = Daily(pools, filler,
                Block("06:00", BlockKind.Episodes, "a", PlayOrder.Sequential), Block("09:00", BlockKind.Fill, "b", PlayOrder.Shuffle),
                Block("12:00", BlockKind.Movie, "movies", PlayOrder.Shuffle), Block("14:00", BlockKind.Episodes, "b", PlayOrder.Random),
                Block("18:00", BlockKind.Episodes, "a", PlayOrder.Sequential, 2), Block("20:00", BlockKind.Marathon, "movies"));
            var channel = Channel(c % 2 == 0 ? "America/New_York" : "Europe/Berlin", id: $"C{c + 1}.perf.retrovue");
            var entries = new ScheduleEngine(channel, schedule, snapshot).Build(from, from.AddDays(7)).Entries;

            AssertGapless(entries);
            Assert.True(entries[^1].End >= from.AddDays(7), $"channel {c} ends at {entries[^1].End:O}");
        }

        Assert.True(snapshot.Items.Count >= 20_000);
    }
}
