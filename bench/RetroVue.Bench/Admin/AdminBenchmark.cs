using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RetroVue.Adapters;
using RetroVue.Adapters.Persistence;
using RetroVue.Adapters.Persistence.Embedded;
using RetroVue.App;
using RetroVue.App.Library;
using RetroVue.Domain.Library;

namespace RetroVue.Bench.Admin;

/// <summary>
/// Issue 6's library paging figure: a catalog of N files (default 50,000) seeded straight into
/// PostgreSQL, then the admin's page queries timed: first page, a page deep in the middle, the
/// last page, a search, a source filter, and the same deep page by OFFSET for comparison.
/// </summary>
internal static class AdminBenchmark
{
    private const int PageSize = 50;
    private const int Runs = 25;

    public static async Task<int> RunAsync(int assetCount, CancellationToken cancellationToken)
    {
        var work = Path.Combine(Path.GetTempPath(), "retrovue-bench-admin");
        await using var cluster = await EmbeddedPostgresCluster.StartAsync(Path.Combine(work, "postgres"), "postgres", NullLogger.Instance, cancellationToken);
        var connectionString = await BenchDatabase.CreateMigratedAsync(cluster, "admin", cancellationToken);
        var seeded = Stopwatch.StartNew();
        await SeedAsync(connectionString, assetCount, cancellationToken);
        Console.WriteLine($"Seeded {assetCount:N0} files in {seeded.Elapsed.TotalSeconds:0.0} s");

        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddRetroVueApp(configuration)
            .AddRetroVueAdapters(configuration, connectionString);
        await using var provider = services.BuildServiceProvider();
        var browser = provider.GetRequiredService<LibraryBrowser>();
        var all = new AssetFilter();

        // Cursors for a page in the middle and the last page, found once by walking the index.
        var middleCursor = await CursorAtAsync(connectionString, assetCount / 2, cancellationToken);
        var lastCursor = await CursorAtAsync(connectionString, assetCount - PageSize - 1, cancellationToken);

        var results = new List<(string Label, double Median, double P95)>
        {
            await TimeAsync("first page", () => browser.AssetsAsync(all, null, null, PageSize, cancellationToken)),
            await TimeAsync($"page at file {assetCount / 2:N0} (keyset)", () => browser.AssetsAsync(all, middleCursor, null, PageSize, cancellationToken)),
            await TimeAsync("last page (keyset)", () => browser.AssetsAsync(all, lastCursor, null, PageSize, cancellationToken)),
            await TimeAsync("previous page from the middle", () => browser.AssetsAsync(all, null, middleCursor, PageSize, cancellationToken)),
            await TimeAsync("search 'show 0421'", () => browser.AssetsAsync(new AssetFilter(Search: "show 0421"), null, null, PageSize, cancellationToken)),
            await TimeAsync("source filter + ready", () => browser.AssetsAsync(new AssetFilter(Source: "bench", State: AssetState.Ready), middleCursor, null, PageSize, cancellationToken)),
            await TimeAsync("titles page 5", () => browser.TitlesAsync(null, null, 200, PageSize, cancellationToken)),
            await TimeAsync($"same middle page by OFFSET {assetCount / 2:N0} (raw SQL, comparison)", () => OffsetPageAsync(connectionString, assetCount / 2, cancellationToken)),
        };

        Console.WriteLine();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {assetCount:N0} files, {PageSize} per page, {Runs} runs each");
        foreach (var (label, median, p95) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: median {median:0.0} ms, p95 {p95:0.0} ms"));
        }

        // The target: at 50,000 files a page deep in the library costs what the first page costs, and
        // every page a browser asks for answers in well under 100 ms (medians; p95 is noisy on a shared machine).
        var ok = results.Take(results.Count - 1).All(r => r.Median < 100)
            && results[1].Median < 3 * Math.Max(results[0].Median, 5);
        Console.WriteLine(ok ? "targets met (median < 100 ms for every page query; a deep page costs what the first costs)" : "TARGETS MISSED");
        return ok ? 0 : 1;
    }

    private static async Task<(string, double, double)> TimeAsync<T>(string label, Func<Task<T>> query)
    {
        await query(); // warm-up: plans and connection pool
        var times = new List<double>();
        for (var run = 0; run < Runs; run++)
        {
            var watch = Stopwatch.StartNew();
            await query();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (label, times[times.Count / 2], times[(int)Math.Ceiling(times.Count * 0.95) - 1]);
    }

    private static async Task SeedAsync(string connectionString, int assetCount, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        const string streams = """[{"Index":0,"Kind":"Video","Codec":"h264","Width":1280,"Height":720,"FrameRate":25.0,"IsDefault":true},{"Index":1,"Kind":"Audio","Codec":"aac","Channels":2,"SampleRate":48000,"Language":"eng","IsDefault":true}]""";
        var sql = $$"""
            INSERT INTO sources (id, name, kind, settings, created_at)
            VALUES ('00000000-0000-0000-0000-00000000b001', 'bench', 'Filesystem', '{"path":"/srv/bench","kind":"shows"}', now());
            INSERT INTO titles (id, kind, name, normalized_name, year, created_at, updated_at)
            SELECT md5('title' || t)::uuid, 'Show', 'Show ' || lpad(t::text, 4, '0'), 'show ' || lpad(t::text, 4, '0'), 1980 + t % 20, now(), now()
            FROM generate_series(0, 999) AS t;
            INSERT INTO assets (id, source_id, canonical_path, title_id, size_bytes, modified_at, container, duration, bit_rate,
                                probe_status, probed_at, state, created_at, updated_at, streams, locally_reachable)
            SELECT md5('asset' || a)::uuid, '00000000-0000-0000-0000-00000000b001',
                   '/srv/bench/Show ' || lpad((a % 1000)::text, 4, '0') || '/Season 01/Show ' || lpad((a % 1000)::text, 4, '0') || ' S01E' || lpad((a / 1000)::text, 3, '0') || '.mkv',
                   md5('title' || (a % 1000))::uuid, 300000000 + a, now(), 'matroska', interval '22 minutes', 2500000,
                   CASE WHEN a % 97 = 0 THEN 'Failed' ELSE 'Succeeded' END, now(),
                   CASE WHEN a % 53 = 0 THEN 'Retired' ELSE 'Ready' END, now(), now(), '{{streams}}'::jsonb, true
            FROM generate_series(0, {{assetCount - 1}}) AS a;
            INSERT INTO review_items (id, asset_id, reason, details, status, created_at, updated_at)
            SELECT gen_random_uuid(), md5('asset' || a)::uuid, 'ProbeFailed', 'ffprobe could not read the file', 'Pending', now(), now()
            FROM generate_series(0, {{assetCount - 1}}, 97) AS a;
            ANALYZE;
            """;
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<Guid> CursorAtAsync(string connectionString, int position, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT id FROM assets ORDER BY canonical_path, id OFFSET $1 LIMIT 1", connection);
        command.Parameters.AddWithValue(position);
        return (Guid)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<int> OffsetPageAsync(string connectionString, int offset, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT id, canonical_path, streams FROM assets ORDER BY canonical_path, id OFFSET $1 LIMIT 50", connection);
        command.Parameters.AddWithValue(offset);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            rows++;
        }

        return rows;
    }
}
