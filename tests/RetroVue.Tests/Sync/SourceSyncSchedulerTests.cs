using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RetroVue.Adapters;
using RetroVue.Adapters.Sync;
using RetroVue.App;
using RetroVue.App.Sources;
using RetroVue.Domain.Library;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Sync;

/// <summary>Hangfire on its PostgreSQL storage in RetroVue's database, as the web host runs it.</summary>
public sealed class SourceSyncSchedulerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_job_server_creates_the_hangfire_schema_in_its_own_schema_and_the_migrations_leave_no_quartz_tables()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        using var host = BuildHost(database, "node-a");
        await host.StartAsync();

        Assert.Empty(await TablesAsync(database, "public", "qrtz\\_%"));
        var hangfire = await TablesAsync(database, BackgroundJobStore.Schema, "%");
        Assert.Empty(new[] { "job", "jobqueue", "hash", "set", "lock", "server", "state", "schema" }.Except(hangfire));
        await host.StopAsync();
    }

    [Fact]
    public async Task The_server_schedules_every_source_at_its_interval_and_a_sync_now_runs_and_is_recorded()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var folder = Directory.CreateTempSubdirectory("rv-sched-").FullName;
        using (var host = BuildHost(database, "node-a"))
        {
            await host.StartAsync();
            var sources = host.Services.GetRequiredService<SourceService>();
            await sources.AddFilesystemAsync("tv", folder, SourceContentKind.Shows, CancellationToken.None);
            await sources.AddAsync("rare", SourceKind.Filesystem, new Dictionary<string, string> { ["path"] = folder, [SyncIntervalSetting.Key] = "2d" }, [], CancellationToken.None);
            await sources.AddAsync("never", SourceKind.Filesystem, new Dictionary<string, string> { ["path"] = folder, [SyncIntervalSetting.Key] = "off" }, [], CancellationToken.None);
            var scheduler = host.Services.GetRequiredService<SourceSyncScheduler>();
            await scheduler.ReconcileAsync(CancellationToken.None);

            var scheduled = scheduler.ScheduledSyncs().ToDictionary(j => j.Id);
            Assert.Equal(["source-sync:rare", "source-sync:tv"], scheduled.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(("0 */6 * * *", 360), (scheduled["source-sync:tv"].Cron, SourceSyncScheduler.IntervalOf(scheduled["source-sync:tv"])));
            Assert.Equal(("0 0 * * *", 2 * 24 * 60), (scheduled["source-sync:rare"].Cron, SourceSyncScheduler.IntervalOf(scheduled["source-sync:rare"])));
            Assert.Equal(0, await scheduler.ReconcileAsync(CancellationToken.None));

            scheduler.TriggerNow("tv", full: false);
            var run = await WaitForRunAsync(database, "tv");
            Assert.Equal((SyncOutcome.Succeeded, SyncTrigger.Manual, SyncMode.Full), (run.Outcome, run.Trigger, run.Mode));
            await host.StopAsync();
        }

        // A restart keeps the schedule (not pushed back) and the history.
        using (var again = BuildHost(database, "node-a"))
        {
            await again.StartAsync();
            var scheduler = again.Services.GetRequiredService<SourceSyncScheduler>();
            var nextBefore = scheduler.ScheduledSyncs().Single(j => j.Id == "source-sync:tv").NextExecution;
            Assert.Equal(0, await scheduler.ReconcileAsync(CancellationToken.None));
            Assert.Equal(nextBefore, scheduler.ScheduledSyncs().Single(j => j.Id == "source-sync:tv").NextExecution);
            var list = await again.Services.GetRequiredService<SourceService>().ListAsync(CancellationToken.None);
            Assert.Equal("succeeded", list.Single(s => s.Name == "tv").LastSync!.Outcome);

            // A removed source loses its job.
            await again.Services.GetRequiredService<SourceService>().RemoveAsync("rare", force: false, CancellationToken.None);
            Assert.Equal(1, await scheduler.ReconcileAsync(CancellationToken.None));
            Assert.DoesNotContain(scheduler.ScheduledSyncs(), j => j.Id == "source-sync:rare");
            await again.StopAsync();
        }

        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_recurring_sync_runs_on_its_schedule_and_is_recorded_as_scheduled()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var folder = Directory.CreateTempSubdirectory("rv-recurring-").FullName;
        using var host = BuildHost(database, "node-a");
        await host.StartAsync();
        await host.Services.GetRequiredService<SourceService>().AddFilesystemAsync("tv", folder, SourceContentKind.Shows, CancellationToken.None);
        await host.Services.GetRequiredService<SourceSyncScheduler>().ReconcileAsync(CancellationToken.None);

        // What the cron's next tick does, without waiting hours for it.
        host.Services.GetRequiredService<IRecurringJobManager>().Trigger(SourceSyncScheduler.RecurringJobIdFor("tv"));
        var run = await WaitForRunAsync(database, "tv");

        Assert.Equal((SyncOutcome.Succeeded, SyncTrigger.Scheduled), (run.Outcome, run.Trigger));
        await host.StopAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task With_two_servers_on_one_database_syncs_of_the_same_source_never_overlap()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var folder = Directory.CreateTempSubdirectory("rv-cluster-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "Show"));
        for (var episode = 1; episode <= 20; episode++)
        {
            // Files for the syncs to list and look at, so each takes a moment.
            TestMedia.ZeroByte(Path.Combine(folder, "Show", $"Show S01E{episode:00}.mkv"));
        }

        using var first = BuildHost(database, "node-a");
        using var second = BuildHost(database, "node-b");
        await Task.WhenAll(first.StartAsync(), second.StartAsync());
        await first.Services.GetRequiredService<SourceService>().AddFilesystemAsync("tv", folder, SourceContentKind.Shows, CancellationToken.None);

        // Both nodes are asked at the same moment; each node's workers take jobs from the one shared queue.
        var asked = new[] { first, second, first, second }
            .Select(host => Task.Run(() => host.Services.GetRequiredService<SourceSyncScheduler>().TriggerNow("tv", full: true)))
            .ToList();
        await Task.WhenAll(asked);
        var runs = await WaitForRunsAsync(database, "tv", count: 4);

        // Each job ran its sync (none was refused as "running already"), one after the other.
        var ordered = runs.OrderBy(r => r.StartedAt).ToList();
        Assert.All(ordered, r => Assert.Equal(SyncOutcome.Succeeded, r.Outcome));
        foreach (var (earlier, later) in ordered.Zip(ordered.Skip(1)))
        {
            Assert.True(earlier.FinishedAt <= later.StartedAt, $"a sync ran {earlier.StartedAt:O}..{earlier.FinishedAt:O}, another started {later.StartedAt:O}");
        }

        await Task.WhenAll(second.StopAsync(), first.StopAsync());
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Two_servers_starting_together_on_a_fresh_database_both_prepare_the_hangfire_schema()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var hosts = Enumerable.Range(0, 3).Select(i => BuildHost(database, $"node-{i}")).ToList();
        try
        {
            await Task.WhenAll(hosts.Select(h => h.StartAsync()));
            var versions = await ScalarAsync<int>(database, $"SELECT max(version) FROM {BackgroundJobStore.Schema}.schema");
            Assert.True(versions >= 3, $"schema version {versions}");
            var monitoring = hosts[0].Services.GetRequiredService<JobStorage>().GetMonitoringApi();
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (monitoring.Servers().Count < 3 && waited.Elapsed < Patience)
            {
                // Each server announces itself from its own thread shortly after it starts.
                await Task.Delay(200);
            }

            Assert.Equal(3, monitoring.Servers().Count);
        }
        finally
        {
            await Task.WhenAll(hosts.Select(h => h.StopAsync()));
            hosts.ForEach(h => h.Dispose());
        }
    }

    internal static IHost BuildHost(string connectionString, string node, string refreshInterval = "01:00:00")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sync:RefreshInterval"] = refreshInterval,
            ["Sync:PollInterval"] = "00:00:00.200",
        }).Build();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = node });
        builder.Services.AddRetroVueApp(configuration);
        builder.Services.AddRetroVueAdapters(configuration, connectionString);
        builder.Services.AddRetroVueSyncScheduler(configuration, connectionString);
        return builder.Build();
    }

    private static async Task<SyncRun> WaitForRunAsync(string connectionString, string sourceName) =>
        (await WaitForRunsAsync(connectionString, sourceName, count: 1))[0];

    private static async Task<List<SyncRun>> WaitForRunsAsync(string connectionString, string sourceName, int count)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < Patience)
        {
            await using var db = TestPostgres.CreateContext(connectionString);
            var runs = await db.SyncRuns.Join(db.Sources.Where(s => s.Name == sourceName), r => r.SourceId, s => s.Id, (r, _) => r)
                .Where(r => r.Outcome != SyncOutcome.Running)
                .ToListAsync();
            if (runs.Count >= count)
            {
                return runs;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Fewer than {count} finished syncs of '{sourceName}' within {Patience}.");
    }

    private static async Task<List<string>> TablesAsync(string connectionString, string schema, string like)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name LIKE $2", connection);
        command.Parameters.AddWithValue(schema);
        command.Parameters.AddWithValue(like);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
