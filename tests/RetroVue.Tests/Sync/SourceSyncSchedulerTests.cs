using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Quartz;
using RetroVue.Adapters;
using RetroVue.Adapters.Sync;
using RetroVue.App;
using RetroVue.App.Sources;
using RetroVue.Domain.Library;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Sync;

/// <summary>The Quartz scheduler on its clustered PostgreSQL store, as the web host runs it.</summary>
public sealed class SourceSyncSchedulerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_migrations_create_the_quartz_store_tables()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'qrtz\\_%'", connection);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        string[] required =
        [
            "qrtz_job_details", "qrtz_triggers", "qrtz_simple_triggers", "qrtz_cron_triggers", "qrtz_simprop_triggers", "qrtz_blob_triggers",
            "qrtz_calendars", "qrtz_paused_trigger_grps", "qrtz_paused_job_grps", "qrtz_fired_triggers", "qrtz_scheduler_state", "qrtz_locks",
        ];
        Assert.Empty(required.Except(tables));
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

            var quartz = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            var tv = Assert.IsAssignableFrom<ISimpleTrigger>(await quartz.GetTrigger(new TriggerKey("tv", SourceSyncScheduler.JobGroup)));
            Assert.Equal(SyncIntervalSetting.Default, tv.RepeatInterval);
            var rare = Assert.IsAssignableFrom<ISimpleTrigger>(await quartz.GetTrigger(new TriggerKey("rare", SourceSyncScheduler.JobGroup)));
            Assert.Equal(TimeSpan.FromDays(2), rare.RepeatInterval);
            Assert.Null(await quartz.GetTrigger(new TriggerKey("never", SourceSyncScheduler.JobGroup)));
            Assert.Equal(0, await scheduler.ReconcileAsync(CancellationToken.None));

            await scheduler.TriggerNowAsync("tv", full: false, CancellationToken.None);
            var run = await WaitForRunAsync(database, "tv");
            Assert.Equal((SyncOutcome.Succeeded, SyncTrigger.Manual, SyncMode.Full), (run.Outcome, run.Trigger, run.Mode));
            await host.StopAsync();
        }

        // A restart keeps the schedule (not pushed back) and the history.
        using (var again = BuildHost(database, "node-a"))
        {
            await again.StartAsync();
            var quartz = await again.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            Assert.NotNull(await quartz.GetTrigger(new TriggerKey("tv", SourceSyncScheduler.JobGroup)));
            Assert.Equal(0, await again.Services.GetRequiredService<SourceSyncScheduler>().ReconcileAsync(CancellationToken.None));
            var list = await again.Services.GetRequiredService<SourceService>().ListAsync(CancellationToken.None);
            Assert.Equal("succeeded", list.Single(s => s.Name == "tv").LastSync!.Outcome);

            // A removed source loses its job.
            await again.Services.GetRequiredService<SourceService>().RemoveAsync("rare", force: false, CancellationToken.None);
            Assert.Equal(1, await again.Services.GetRequiredService<SourceSyncScheduler>().ReconcileAsync(CancellationToken.None));
            Assert.Null(await quartz.GetTrigger(new TriggerKey("rare", SourceSyncScheduler.JobGroup)));
            await again.StopAsync();
        }

        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task With_two_nodes_on_one_database_a_triggered_sync_runs_once()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var folder = Directory.CreateTempSubdirectory("rv-cluster-").FullName;
        using var first = BuildHost(database, "node-a");
        using var second = BuildHost(database, "node-b");
        await first.StartAsync();
        await second.StartAsync();
        await first.Services.GetRequiredService<SourceService>().AddFilesystemAsync("tv", folder, SourceContentKind.Shows, CancellationToken.None);

        await first.Services.GetRequiredService<SourceSyncScheduler>().TriggerNowAsync("tv", full: true, CancellationToken.None);
        await WaitForRunAsync(database, "tv");

        // Long enough for the other node to have fired it too if the store let it.
        await Task.Delay(TimeSpan.FromSeconds(3));
        await using var db = TestPostgres.CreateContext(database);
        Assert.Equal(1, await db.SyncRuns.CountAsync());
        var nodes = await (await first.Services.GetRequiredService<ISchedulerFactory>().GetScheduler()).QueryClusterNodes();
        Assert.Equal(2, nodes.Count);
        await second.StopAsync();
        await first.StopAsync();
        Directory.Delete(folder, recursive: true);
    }

    internal static IHost BuildHost(string connectionString, string node, string refreshInterval = "01:00:00")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sync:RefreshInterval"] = refreshInterval,
            ["Sync:FirstRunDelay"] = "01:00:00",
            ["Sync:ClusterCheckinInterval"] = "00:00:01",
        }).Build();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = node });
        builder.Services.AddRetroVueApp(configuration);
        builder.Services.AddRetroVueAdapters(configuration, connectionString);
        builder.Services.AddRetroVueSyncScheduler(configuration, connectionString);
        return builder.Build();
    }

    private static async Task<SyncRun> WaitForRunAsync(string connectionString, string sourceName)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < Patience)
        {
            await using var db = TestPostgres.CreateContext(connectionString);
            var run = await db.SyncRuns.Join(db.Sources.Where(s => s.Name == sourceName), r => r.SourceId, s => s.Id, (r, _) => r)
                .Where(r => r.Outcome != SyncOutcome.Running)
                .FirstOrDefaultAsync();
            if (run is not null)
            {
                return run;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"No finished sync of '{sourceName}' within {Patience}.");
    }
}
