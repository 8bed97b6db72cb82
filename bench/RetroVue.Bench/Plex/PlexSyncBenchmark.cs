using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RetroVue.Adapters;
using RetroVue.Adapters.Persistence;
using RetroVue.Adapters.Persistence.Embedded;
using RetroVue.Adapters.Plex;
using RetroVue.App;
using RetroVue.App.Ingest;

namespace RetroVue.Bench.Plex;

/// <summary>
/// Issue 3's Plex benchmark: a generated library of shows x episodes served by a local fake Plex server;
/// (a) first full sync (target at most 15 s for 10,000 episodes), (b) unchanged full re-sync (at most 2 s, zero
/// per-item requests, nothing written), (c) unchanged delta sync; requests per sync beside what a client paging 10
/// items at a time with one detail request per item would need.
/// </summary>
internal static class PlexSyncBenchmark
{
    private const string Source = "bench-plex";

    public static async Task<int> RunAsync(int shows, int episodesPerShow, CancellationToken cancellationToken)
    {
        var episodes = shows * episodesPerShow;
        var work = Path.Combine(Path.GetTempPath(), "retrovue-bench-plex");
        await using var cluster = await EmbeddedPostgresCluster.StartAsync(Path.Combine(work, "postgres"), "postgres", NullLogger.Instance, cancellationToken);
        var connectionString = await CreateDatabaseAsync(cluster, cancellationToken);
        await using var plex = await BenchPlexServer.StartAsync(shows, episodesPerShow);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Plex:ClientIdentifier"] = "retrovue-bench", ["Sources:AllowLoopback"] = "true", ["Ingest:BatchSize"] = Environment.GetEnvironmentVariable("RV_BENCH_BATCH") }).Build();
        await using var provider = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddRetroVueApp(configuration)
            .AddRetroVueAdapters(configuration, connectionString)
            .BuildServiceProvider();
        await provider.GetRequiredService<PlexSourceSetup>().AddAsync(
            new PlexSourceRequest(Source, plex.BaseUri.ToString(), BenchPlexServer.Token, ["TV Shows"], []), cancellationToken);
        var ingest = provider.GetRequiredService<IngestService>();

        var first = await MeasureAsync(ingest, plex, IngestMode.Full, cancellationToken);
        var again = await MeasureAsync(ingest, plex, IngestMode.Full, cancellationToken);
        var delta = await MeasureAsync(ingest, plex, IngestMode.Delta, cancellationToken);

        // A client paging 10 at a time with one detail request per item: identity, sections, the show pages,
        // the episode pages, then one request per episode.
        var naive = 2 + Pages(shows, 10) + Pages(episodes, 10) + episodes;
        Console.WriteLine();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, load average {LoadAverage()}");
        Console.WriteLine($"library: {shows} shows x {episodesPerShow} episodes = {episodes} episodes");
        Console.WriteLine(Row("(a) first full sync", first));
        Console.WriteLine(Row("(b) unchanged full re-sync", again));
        Console.WriteLine(Row("(c) unchanged delta sync", delta));
        Console.WriteLine($"a 10-per-page client with a detail request per item would need {naive} requests per sync");

        var ok = first.Summary.Added == episodes
            && first.Summary.Elapsed <= TimeSpan.FromSeconds(15)
            && again.Summary.Unchanged == episodes && again.Summary.Added + again.Summary.Updated + again.Summary.Retired == 0
            && again.Summary.Elapsed <= TimeSpan.FromSeconds(2)
            && first.DetailRequests + again.DetailRequests + delta.DetailRequests == 0;
        Console.WriteLine(ok ? "targets met" : "TARGETS MISSED");
        return ok ? 0 : 1;
    }

    // Other work on the machine stretches wall-clock times; the load average says how much there was.
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static int Pages(int items, int pageSize) => (items + pageSize - 1) / pageSize;

    private static string Row(string label, Measurement m) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{label}: {m.Summary.Elapsed.TotalSeconds:0.000} s ({m.ProcessCpu.TotalSeconds:0.0} s CPU in this process, fake server included), {m.Requests} requests ({m.DetailRequests} per-item), "
            + $"{m.Summary.Added} added, {m.Summary.Updated} updated, {m.Summary.Unchanged} unchanged, {m.Summary.Probed} probed ({m.Summary.Mode})");

    private sealed record Measurement(IngestSummary Summary, int Requests, int DetailRequests, TimeSpan ProcessCpu);

    private static async Task<Measurement> MeasureAsync(IngestService ingest, BenchPlexServer plex, IngestMode mode, CancellationToken cancellationToken)
    {
        var (requests, details) = (plex.Requests, plex.DetailRequests);
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var summary = await ingest.IngestAsync(Source, new IngestRequest(mode), null, cancellationToken);
        return new Measurement(summary, plex.Requests - requests, plex.DetailRequests - details, System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu);
    }

    private static Task<string> CreateDatabaseAsync(EmbeddedPostgresCluster cluster, CancellationToken cancellationToken) =>
        BenchDatabase.CreateMigratedAsync(cluster, "bench_plex", cancellationToken);
}
