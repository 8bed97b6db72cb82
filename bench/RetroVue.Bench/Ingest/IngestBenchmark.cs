using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RetroVue.Adapters;
using RetroVue.Adapters.Media.Probing;
using RetroVue.Adapters.Persistence;
using RetroVue.Adapters.Persistence.Embedded;
using RetroVue.App;
using RetroVue.App.Ingest;
using RetroVue.App.Sources;
using RetroVue.Domain.Library;

namespace RetroVue.Bench.Ingest;

/// <summary>
/// Issue 2's ingest benchmark on a generated library: (a) first ingest, (b) unchanged re-ingest
/// (must make zero ffprobe calls and be at least 20x faster), (c) probing with one worker against
/// the default (core count) workers.
/// </summary>
internal static class IngestBenchmark
{
    public static async Task<int> RunAsync(int fileCount, CancellationToken cancellationToken)
    {
        var work = Path.Combine(Path.GetTempPath(), "retrovue-bench-ingest");
        var library = Path.Combine(work, $"library-{fileCount}");
        Console.WriteLine($"Generating a library of {fileCount} media files in {library} ...");
        var generated = Stopwatch.StartNew();
        await BenchLibrary.EnsureAsync(library, fileCount, cancellationToken);
        Console.WriteLine($"  ready in {generated.Elapsed.TotalSeconds:0.0} s");

        await using var cluster = await EmbeddedPostgresCluster.StartAsync(Path.Combine(work, "postgres"), "postgres", NullLogger.Instance, cancellationToken);
        var parallel = Environment.ProcessorCount;
        Console.WriteLine($"load average before: {LoadAverage()}");

        var first = await MeasureAsync(cluster, library, parallel, reingest: true, cancellationToken);
        var reingestFactor = first.First.Elapsed.TotalSeconds / first.Again!.Elapsed.TotalSeconds;

        // (c) alternates one worker and all workers on a smaller library, so that load from elsewhere
        // on the machine falls on both sides alike; the median of each side is compared.
        var speedLibrary = Path.Combine(work, $"library-{SpeedUpFiles}");
        await BenchLibrary.EnsureAsync(speedLibrary, SpeedUpFiles, cancellationToken);
        var single = new List<double>();
        var multi = new List<double>();
        for (var round = 0; round < SpeedUpRounds; round++)
        {
            single.Add((await MeasureAsync(cluster, speedLibrary, 1, reingest: false, cancellationToken)).First.Elapsed.TotalSeconds);
            multi.Add((await MeasureAsync(cluster, speedLibrary, parallel, reingest: false, cancellationToken)).First.Elapsed.TotalSeconds);
        }

        var speedUp = Median(single) / Median(multi);
        Console.WriteLine();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; load average after: {LoadAverage()}");
        Console.WriteLine(Row("(a) first ingest", first.First, fileCount));
        Console.WriteLine(Row("(b) unchanged re-ingest", first.Again!, fileCount) + $", {first.AgainProbes} ffprobe calls, {reingestFactor:0.0}x faster than (a)");
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"(c) first ingest of {SpeedUpFiles} files, median of {SpeedUpRounds} alternating rounds: 1 worker {Median(single):0.00} s ({string.Join(", ", single.Select(x => x.ToString("0.00", CultureInfo.InvariantCulture)))}), "
            + $"{parallel} workers {Median(multi):0.00} s ({string.Join(", ", multi.Select(x => x.ToString("0.00", CultureInfo.InvariantCulture)))}): speed-up {speedUp:0.00}x"));

        var ok = first.AgainProbes == 0 && reingestFactor >= 20 && speedUp >= 1.7;
        Console.WriteLine(ok ? "targets met" : "TARGETS MISSED");
        return ok ? 0 : 1;
    }

    private const int SpeedUpFiles = 300;
    private const int SpeedUpRounds = 3;

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string Row(string label, IngestSummary s, int files) =>
        string.Create(CultureInfo.InvariantCulture, $"{label}: {s.Elapsed.TotalSeconds:0.000} s, {files / s.Elapsed.TotalSeconds:0.0} files/s ({s.Added} added, {s.Unchanged} unchanged, {s.Probed} probed)");

    private sealed record Measurement(IngestSummary First, IngestSummary? Again, long AgainProbes);

    private static async Task<Measurement> MeasureAsync(EmbeddedPostgresCluster cluster, string library, int parallelism, bool reingest, CancellationToken cancellationToken)
    {
        var connectionString = await BenchDatabase.CreateMigratedAsync(cluster, $"bench_{parallelism}", cancellationToken);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Ingest:ProbeParallelism"] = parallelism.ToString(CultureInfo.InvariantCulture) })
            .Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddRetroVueApp(configuration)
            .AddRetroVueAdapters(configuration, connectionString);
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<SourceService>().AddFilesystemAsync("bench", library, SourceContentKind.Shows, cancellationToken);

        var ingest = provider.GetRequiredService<IngestService>();
        var probe = provider.GetServices<IAssetEnricher>().OfType<FfprobeEnricher>().Single();
        var first = await ingest.IngestAsync("bench", null, cancellationToken);
        if (!reingest)
        {
            return new Measurement(first, null, 0);
        }

        var before = probe.Invocations;
        var again = await ingest.IngestAsync("bench", null, cancellationToken);
        return new Measurement(first, again, probe.Invocations - before);
    }
}
