using System.Diagnostics;
using System.Globalization;
using RetroVue.Domain.Library;
using RetroVue.Domain.Scheduling;
using RetroVue.Domain.Scheduling.Collections;

namespace RetroVue.Bench.Collections;

/// <summary>
/// Issue 12's smart collection benchmark, in process: queries evaluated over a 50,000-item catalog snapshot (budget
/// 50 ms per evaluation), parse and bind included, both through the label index and as a full scan.
/// </summary>
internal static class CollectionBenchmark
{
    private const int Runs = 30;
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 20, 0, 0, TimeSpan.Zero);
    private static readonly string[] GenreNames = ["comedy", "drama", "science fiction", "horror", "western", "animation", "documentary", "crime", "family", "thriller"];
    private static readonly string[] Ratings = ["G", "PG", "PG-13", "R", "TV-PG", "TV-14"];

    private static readonly string[] Queries =
    [
        "genre in [Comedy, \"Science Fiction\"] and year 1980..1989 and not tag kids",
        "kind movie and rating in [PG, PG-13] and score >= 7 and studio = BBC",
        "source = plex-home and length 20m..40m and added within 30d and decade 1990s",
        "not genre drama or (year < 1970 and score > 5)",
        "title in [\"Show 17\", \"Show 4711\"] or length > 2h",
    ];

    public static Task<int> RunAsync(int items, CancellationToken cancellationToken)
    {
        Console.WriteLine($"Smart collection benchmark: {items} items, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var sources = new Dictionary<string, Guid> { ["plex-home"] = Guid.NewGuid(), ["folder"] = Guid.NewGuid() };
        var build = Stopwatch.StartNew();
        var snapshot = Catalog(items, sources.Values.ToArray());
        build.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"snapshot of {snapshot.Items.Count} items built in {build.Elapsed.TotalMilliseconds:0} ms (not part of the budget: every build makes one anyway)"));
        var context = new QueryContext(Now, sources);
        var worst = 0.0;
        foreach (var text in Queries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var times = new List<double>(Runs);
            var count = 0;
            for (var run = 0; run < Runs + 3; run++)
            {
                var clock = Stopwatch.StartNew();
                count = CollectionQuery.Parse(text).Bind(context).Match(snapshot).Count;
                clock.Stop();
                if (run >= 3)
                {
                    // The first runs warm the JIT up.
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            times.Sort();
            worst = Math.Max(worst, times[^1]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {count,6} matches  median {times[times.Count / 2],6:0.00} ms  max {times[^1],6:0.00} ms  {text}"));
        }

        var within = worst <= 50;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"worst evaluation {worst:0.00} ms (budget 50 ms): {(within ? "within" : "OVER")} budget"));
        return Task.FromResult(within ? 0 : 1);
    }

    /// <summary>Shows with episodes and movies, with genres, tags, studios, ratings, scores and added dates spread deterministically.</summary>
    private static CatalogSnapshot Catalog(int count, Guid[] sources)
    {
        var random = new Random(12);
        var list = new List<CatalogItem>(count);
        var show = 0;
        while (list.Count < count)
        {
            var isMovie = random.NextDouble() < 0.3;
            var titleId = Guid.NewGuid();
            var genres = GenreNames.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToList();
            var studios = new List<string> { random.Next(5) == 0 ? "bbc" : $"studio {random.Next(200)}" };
            var tags = random.Next(6) == 0 ? new List<string> { "kids" } : [];
            var year = 1950 + random.Next(75);
            var rating = Ratings[random.Next(Ratings.Length)];
            double? score = random.Next(10) == 0 ? null : Math.Round(random.NextDouble() * 10, 1);
            var episodes = isMovie ? 1 : random.Next(6, 120);
            var name = isMovie ? $"Movie {show}" : $"Show {show}";
            for (var e = 0; e < episodes && list.Count < count; e++)
            {
                list.Add(new CatalogItem
                {
                    AssetId = Guid.NewGuid(),
                    TitleId = titleId,
                    TitleName = name,
                    TitleKind = isMovie ? TitleKind.Movie : TitleKind.Show,
                    Year = year,
                    EpisodeId = isMovie ? null : Guid.NewGuid(),
                    SeasonNumber = isMovie ? null : 1 + (e / 24),
                    EpisodeNumber = isMovie ? null : 1 + (e % 24),
                    Duration = TimeSpan.FromMinutes(isMovie ? random.Next(80, 160) : random.Next(20, 50)),
                    ContentRating = rating,
                    CommunityRating = score,
                    Genres = genres,
                    Studios = studios,
                    Tags = [.. genres, .. studios, .. tags],
                    SourceId = sources[random.Next(sources.Length)],
                    AddedAt = Now - TimeSpan.FromDays(random.Next(400)),
                });
            }

            show++;
        }

        return new CatalogSnapshot(list);
    }
}
