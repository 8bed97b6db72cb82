using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RetroVue.Adapters.Persistence;
using RetroVue.Adapters.Sync;
using RetroVue.App.Sources;
using RetroVue.Tests.Support;
using RetroVue.Tests.Sync;

namespace RetroVue.Tests.Persistence;

/// <summary>A database from the Quartz days (migrated up to before 0008, with jobs in Quartz's tables) upgrades to Hangfire.</summary>
public sealed class QuartzUpgradeTests
{
    [Fact]
    public async Task A_database_with_quartz_tables_and_rows_upgrades_cleanly_and_keeps_its_sources_and_schedules()
    {
        var database = await TestPostgres.CreateEmptyDatabaseAsync();
        var before = DatabaseMigrator.All.Where(m => string.CompareOrdinal(m.Id, "0008") < 0).ToList();
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, "CREATE TABLE retrovue_schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
            foreach (var migration in before)
            {
                await ExecuteAsync(connection, migration.Sql);
                await ExecuteAsync(connection, $"INSERT INTO retrovue_schema_migrations (id) VALUES ('{migration.Id}')");
            }

            // What a Quartz server left behind: a source's durable job, its trigger and the cluster's locks.
            await ExecuteAsync(connection, """
                INSERT INTO sources (id, name, kind, settings, created_at) VALUES (gen_random_uuid(), 'tv', 'filesystem', '{"path": "/media/tv"}', now());
                INSERT INTO qrtz_job_details VALUES ('RetroVue', 'tv', 'source-sync', 'Sync of source ''tv''', 'RetroVue.Adapters.Sync.SourceSyncJob', true, true, false, true, null);
                INSERT INTO qrtz_triggers (sched_name, trigger_name, trigger_group, job_name, job_group, next_fire_time, prev_fire_time, priority, trigger_state, trigger_type, start_time)
                    VALUES ('RetroVue', 'tv', 'source-sync', 'tv', 'source-sync', 0, -1, 5, 'WAITING', 'SIMPLE', 0);
                INSERT INTO qrtz_locks VALUES ('RetroVue', 'TRIGGER_ACCESS'), ('RetroVue', 'STATE_ACCESS');
                """);
        }

        var applied = await new DatabaseMigrator(NullLogger<DatabaseMigrator>.Instance).MigrateAsync(database, CancellationToken.None);

        Assert.Contains("0008_drop_quartz", applied);
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'qrtz\\_%'", connection);
            Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
        }

        await using (var db = TestPostgres.CreateContext(database))
        {
            Assert.Equal("tv", (await db.Sources.SingleAsync()).Name);
        }

        // The first start on Hangfire schedules the source again from its settings.
        using var host = SourceSyncSchedulerTests.BuildHost(database, "node-a");
        await host.StartAsync();
        await host.Services.GetRequiredService<SourceSyncScheduler>().ReconcileAsync(CancellationToken.None);
        var job = Assert.Single(host.Services.GetRequiredService<SourceSyncScheduler>().ScheduledSyncs());
        Assert.Equal(("source-sync:tv", (int)SyncIntervalSetting.Default.TotalMinutes), (job.Id, SourceSyncScheduler.IntervalOf(job)));
        await host.StopAsync();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
