using RetroVue.Domain.Scheduling;

namespace RetroVue.Tests.Scheduling;

/// <summary>A random channel, schedule and library, reproducible from its seed (printed when a property fails).</summary>
internal sealed record RandomScenario(int Seed, Channel Channel, ChannelSchedule Schedule, CatalogSnapshot Catalog, DateTimeOffset From)
{
    private static readonly string[] Zones = ["UTC", "America/New_York", "Europe/London", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata"];

    // Both daylight-saving transitions of each zone in 2025, so that many cases cross a 23- or 25-hour day.
    private static readonly DateOnly[] TransitionDays =
    [
        new(2025, 3, 9), new(2025, 11, 2), new(2025, 3, 30), new(2025, 10, 26), new(2025, 4, 6), new(2025, 10, 5),
    ];

    public override string ToString() => $"scenario seed {Seed} ({Channel.TimeZoneId}, grid {Channel.GridMinutes}, day start {Channel.BroadcastDayStart}, from {From:O})";

    public static RandomScenario Generate(int seed)
    {
        var random = new Random(seed);
        var grid = Pick(random, [15, 30, 60]);
        var channel = Schedules.Channel(Pick(random, Zones), grid, random.Next(24), $"C{seed}.prop.retrovue");

        var catalog = new CatalogBuilder();
        var shows = random.Next(1, 5);
        for (var k = 1; k <= shows; k++)
        {
            var baseMinutes = Pick(random, [11, 22, 30, 44, 58]);
            for (var s = 1; s <= random.Next(1, 4); s++)
            {
                for (var e = 1; e <= random.Next(1, 11); e++)
                {
                    var duration = TimeSpan.FromMinutes(baseMinutes) + TimeSpan.FromSeconds(random.Next(-90, 91));
                    var breaks = random.Next(3) == 0
                        ? Enumerable.Range(1, random.Next(1, 4)).Select(i => duration * i / 4).ToArray()
                        : [];
                    var availability = random.Next(20) == 0 ? ItemAvailability.Retired : ItemAvailability.Available;
                    catalog.Episode($"Show {k}", s, e, duration, breaks, availability);
                }
            }
        }

        for (var m = 0; m < random.Next(13); m++)
        {
            catalog.Movie($"Movie {m}", TimeSpan.FromMinutes(random.Next(70, 171)) + TimeSpan.FromSeconds(random.Next(60)));
        }

        catalog.Interstitials("Commercials", Enumerable.Range(0, random.Next(16)).Select(_ => TimeSpan.FromSeconds(random.Next(10, 121))).ToArray());
        catalog.Interstitials("Bumpers", Enumerable.Range(0, random.Next(5)).Select(_ => TimeSpan.FromSeconds(random.Next(3, 21))).ToArray());

        var pools = new List<ContentPool>
        {
            new() { Name = "movies", AllMovies = true },
            new() { Name = "mix", Titles = ["Show 1", "Movie 0", "Movie 1"] },
            Schedules.Series("ghost", "No Such Show"),
            Schedules.Series("ads", "Commercials"),
            Schedules.Series("bumpers", "Bumpers"),
        };
        pools.AddRange(Enumerable.Range(1, shows).Select(k => Schedules.Series($"show{k}", $"Show {k}")));

        var layers = new List<DayLayer> { new("daily", DaySelector.AllDays, RandomBlocks(random, grid, shows, random.Next(1, 9))) };
        if (random.Next(2) == 0)
        {
            layers.Add(new DayLayer("weekends", new DaySelector(WeekdaySet.Weekends), RandomBlocks(random, grid, shows, random.Next(1, 5))));
        }

        var filler = new FillerSettings
        {
            PreRollPool = random.Next(2) == 0 ? "bumpers" : null,
            PostRollPool = random.Next(2) == 0 ? "bumpers" : null,
            PadPool = random.Next(4) > 0 ? "ads" : null,
            MidRollPool = random.Next(2) == 0 ? "ads" : null,
            MidRollMaxBreak = TimeSpan.FromSeconds(random.Next(30, 300)),
            Cooldown = random.Next(2) == 0 ? TimeSpan.Zero : TimeSpan.FromMinutes(random.Next(10, 121)),
            MaxPerDay = random.Next(2) == 0 ? null : random.Next(1, 21),
        };

        var fromDate = random.Next(4) == 0
            ? Pick(random, TransitionDays).AddDays(-random.Next(3))
            : new DateOnly(2025, 1, 1).AddDays(random.Next(365));
        var from = new DateTimeOffset(fromDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddMinutes(random.Next(24 * 60));
        return new RandomScenario(seed, channel, new ChannelSchedule(pools, layers, filler), catalog.Snapshot(), from);
    }

    private static List<ScheduleBlock> RandomBlocks(Random random, int grid, int shows, int count)
    {
        var slots = 24 * 60 / grid;
        var times = Enumerable.Range(0, count).Select(_ => random.Next(slots) * grid).Distinct().Order();
        return times.Select(minutes =>
        {
            var kind = (BlockKind)random.Next(4);
            var pool = kind switch
            {
                BlockKind.Episodes => random.Next(15) == 0 ? "ghost" : $"show{random.Next(1, shows + 1)}",
                BlockKind.Movie or BlockKind.Marathon => random.Next(3) == 0 ? "mix" : "movies",
                _ => random.Next(2) == 0 ? "mix" : $"show{random.Next(1, shows + 1)}",
            };
            return new ScheduleBlock
            {
                Start = TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(minutes)),
                Kind = kind,
                Pool = pool,
                Order = (PlayOrder)random.Next(3),
                Count = kind == BlockKind.Episodes && random.Next(2) == 0 ? random.Next(1, 4) : null,
            };
        }).ToList();
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];
}
