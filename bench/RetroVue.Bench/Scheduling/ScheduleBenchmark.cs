using System.Diagnostics;
using System.Globalization;
using RetroVue.App.Guide;
using RetroVue.Domain.Library;
using RetroVue.Domain.Scheduling;

namespace RetroVue.Bench.Scheduling;

/// <summary>
/// Issue 4's scheduling benchmark, in process: (a) 100 channels x 7 days over a 20,000-item catalog, built from
/// scratch (budget 5 s); (b) the XMLTV guide of 100 channels x 48 h rendered (budget 300 ms); (c) now-playing
/// lookups on a week-long timeline (budget p99 1 ms).
/// </summary>
internal static class ScheduleBenchmark
{
    private static readonly DateTimeOffset From = new(2025, 1, 6, 6, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(int channels, CancellationToken cancellationToken)
    {
        Console.WriteLine($"Scheduling benchmark: {channels} channels, {Environment.ProcessorCount} cores, .NET {Environment.Version}");

        // Warm-up: JIT and time-zone data, on a small build that is thrown away.
        Build(BenchCatalog.Create(), 2, TimeSpan.FromDays(1));

        var clock = Stopwatch.StartNew();
        var snapshot = BenchCatalog.Create();
        var timelines = Build(snapshot, channels, TimeSpan.FromDays(7));
        clock.Stop();
        var entries = timelines.Sum(t => t.Entries.Count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(a) full build: {channels} channels x 7 days over {snapshot.Items.Count} items: {entries} entries in {clock.Elapsed.TotalMilliseconds:0} ms (budget 5000 ms)"));

        var guide = GuideOf(timelines, TimeSpan.FromHours(48));
        var renders = new List<double>();
        long bytes = 0;
        for (var run = 0; run < 6; run++)
        {
            using var output = new MemoryStream();
            var render = Stopwatch.StartNew();
            await XmltvWriter.WriteAsync(output, guide, cancellationToken);
            render.Stop();
            bytes = output.Length;
            if (run > 0)
            {
                renders.Add(render.Elapsed.TotalMilliseconds);
            }
        }

        var programmes = guide.Channels.Sum(c => c.Programmes.Count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(b) XMLTV: {channels} channels x 48 h, {programmes} programmes, {bytes / 1024} KiB: median {Median(renders):0.0} ms, worst {renders.Max():0.0} ms of {renders.Count} runs (budget 300 ms)"));

        var index = new TimelineIndex(timelines[0].Entries);
        var span = (timelines[0].Entries[^1].End - timelines[0].Entries[0].Start).Ticks;
        var random = new Random(4);
        var samples = new double[100_000];
        var found = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var at = timelines[0].Entries[0].Start.AddTicks((long)(random.NextDouble() * span));
            var start = Stopwatch.GetTimestamp();
            var now = index.At(at);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            found += now is null ? 0 : 1;
        }

        Array.Sort(samples);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"(c) now playing: {samples.Length} lookups over {index.Entries.Count} entries ({found} found): p50 {samples[samples.Length / 2] * 1000:0.0} us, p99 {samples[(int)(samples.Length * 0.99)] * 1000:0.0} us, max {samples[^1] * 1000:0.0} us (timer resolution 0.1 us; budget p99 1 ms)"));
        return 0;
    }

    internal static List<TimelineBuild> Build(CatalogSnapshot snapshot, int channels, TimeSpan length)
    {
        var builds = new List<TimelineBuild>(channels);
        for (var c = 0; c < channels; c++)
        {
            var channel = new Channel($"C{c + 1}.bench.retrovue", ChannelNumber.Parse((c + 1).ToString(CultureInfo.InvariantCulture)), $"Bench {c + 1}", c % 2 == 0 ? "America/New_York" : "Europe/Berlin");
            builds.Add(new ScheduleEngine(channel, BenchCatalog.ScheduleFor(c), snapshot).Build(From, From + length));
        }

        return builds;
    }

    internal static GuideData GuideOf(List<TimelineBuild> timelines, TimeSpan length)
    {
        var to = From + length;
        var channels = new List<GuideChannel>();
        for (var c = 0; c < timelines.Count; c++)
        {
            var id = Guid.NewGuid();
            var channel = new Channel($"C{c + 1}.bench.retrovue", ChannelNumber.Parse((c + 1).ToString(CultureInfo.InvariantCulture)), $"Bench {c + 1}", "UTC");
            var details = new GuideDetails("A programme description of a typical length, with an ampersand & and a few more words.", "1991", "Series", null);
            var rows = timelines[c].Entries.Where(e => e.GuideKey < to).Select(e => StoredTimelineEntry.Of(id, e, details)).ToList();
            channels.Add(new GuideChannel(channel, GuideListing.Group(rows)));
        }

        return new GuideData(From, to, channels, "Stand By");
    }

    internal static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}

/// <summary>The benchmark catalog: 400 shows of 45 episodes, 1,500 movies, 400 ads and 100 bumpers (20,000 items).</summary>
internal static class BenchCatalog
{
    public static CatalogSnapshot Create()
    {
        var random = new Random(20_000);
        var items = new List<CatalogItem>(20_000);
        var next = 0;
        Guid Id() => new(++next, 0, 0, new byte[8]);

        void Episodes(string show, int seasons, int episodes, Func<TimeSpan> length, TimeSpan[] breaks)
        {
            var title = Id();
            for (var s = 1; s <= seasons; s++)
            {
                for (var e = 1; e <= episodes; e++)
                {
                    items.Add(new CatalogItem
                    {
                        AssetId = Id(),
                        TitleId = title,
                        TitleName = show,
                        TitleKind = TitleKind.Show,
                        EpisodeId = Id(),
                        SeasonNumber = s,
                        EpisodeNumber = e,
                        EpisodeTitle = $"{show} {s}x{e}",
                        Duration = length(),
                        BreakPoints = breaks,
                    });
                }
            }
        }

        for (var show = 0; show < 400; show++)
        {
            var length = TimeSpan.FromMinutes(random.Next(2) == 0 ? 22 : 44) + TimeSpan.FromSeconds(random.Next(-60, 60));
            Episodes($"Show {show}", 3, 15, () => length, [TimeSpan.FromMinutes(8)]);
        }

        for (var movie = 0; movie < 1500; movie++)
        {
            items.Add(new CatalogItem
            {
                AssetId = Id(),
                TitleId = Id(),
                TitleName = $"Movie {movie}",
                TitleKind = TitleKind.Movie,
                Year = 1950 + (movie % 70),
                Duration = TimeSpan.FromMinutes(random.Next(80, 160)),
            });
        }

        Episodes("Ads", 1, 400, () => TimeSpan.FromSeconds(random.Next(10, 120)), []);
        Episodes("Bumpers", 1, 100, () => TimeSpan.FromSeconds(random.Next(3, 15)), []);
        return new CatalogSnapshot(items);
    }

    /// <summary>Every block kind, every filler kind, two time zones.</summary>
    public static ChannelSchedule ScheduleFor(int c)
    {
        ContentPool Series(string name, params string[] shows) => new() { Name = name, Series = shows.Select(SeriesRef.ByTitle).ToList() };
        ScheduleBlock Block(int hour, BlockKind kind, string pool, PlayOrder order, int? count = null) =>
            new() { Start = new TimeOnly(hour, 0), Kind = kind, Pool = pool, Order = order, Count = count };

        var pools = new List<ContentPool>
        {
            Series("a", $"Show {c}"), Series("b", $"Show {c + 100}", $"Show {c + 200}"), new() { Name = "movies", AllMovies = true },
            Series("ads", "Ads"), Series("bumpers", "Bumpers"),
        };
        var filler = new FillerSettings { PreRollPool = "bumpers", PadPool = "ads", MidRollPool = "ads", Cooldown = TimeSpan.FromMinutes(30), MaxPerDay = 20 };
        ScheduleBlock[] blocks =
        [
            Block(6, BlockKind.Episodes, "a", PlayOrder.Sequential), Block(9, BlockKind.Fill, "b", PlayOrder.Shuffle),
            Block(12, BlockKind.Movie, "movies", PlayOrder.Shuffle), Block(14, BlockKind.Episodes, "b", PlayOrder.Random),
            Block(18, BlockKind.Episodes, "a", PlayOrder.Sequential, 2), Block(20, BlockKind.Marathon, "movies", PlayOrder.Shuffle),
        ];
        return new ChannelSchedule(pools, [new DayLayer("daily", DaySelector.AllDays, blocks)], filler);
    }
}
