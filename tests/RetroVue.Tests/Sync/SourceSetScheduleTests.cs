using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RetroVue.Adapters.Sync;
using RetroVue.App.Sources;
using RetroVue.Domain.Library;

namespace RetroVue.Tests.Sync;

/// <summary>A sync interval changed on a source (as 'retrovue source set' does) reaches the running server's recurring job.</summary>
public sealed class SourceSetScheduleTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_changed_sync_interval_is_rescheduled_and_off_unschedules_at_the_next_refresh_without_a_restart()
    {
        var database = await Support.TestPostgres.CreateDatabaseAsync();
        var folder = Directory.CreateTempSubdirectory("rv-set-sched-").FullName;
        using var host = SourceSyncSchedulerTests.BuildHost(database, "node-a", refreshInterval: "00:00:01");
        await host.StartAsync();
        await host.Services.GetRequiredService<SourceService>().AddFilesystemAsync("tv", folder, SourceContentKind.Shows, CancellationToken.None);
        var scheduler = host.Services.GetRequiredService<SourceSyncScheduler>();
        var editor = host.Services.GetRequiredService<SourceEditor>();
        bool IsScheduled(string cron, int minutes) =>
            scheduler.ScheduledSyncs().SingleOrDefault(j => j.Id == "source-sync:tv") is { } job && job.Cron == cron && SourceSyncScheduler.IntervalOf(job) == minutes;

        var scheduled = await WaitForAsync(() => IsScheduled("0 */6 * * *", 360));
        await editor.ChangeAsync("tv", new SourceChanges { SyncInterval = "90m" }, CancellationToken.None);
        var rescheduled = await WaitForAsync(() => IsScheduled("*/30 * * * *", 90));
        await editor.ChangeAsync("tv", new SourceChanges { SyncInterval = "off" }, CancellationToken.None);
        var unscheduled = await WaitForAsync(() => scheduler.ScheduledSyncs().Count == 0);

        Assert.True(scheduled, "the new source was scheduled every 6h");
        Assert.True(rescheduled, "the 90m interval reached the schedule (a 30-minute tick, every third one due)");
        Assert.True(unscheduled, "'off' removed the schedule");
        await host.StopAsync();
        Directory.Delete(folder, recursive: true);
    }

    private static async Task<bool> WaitForAsync(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < Patience)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        return false;
    }
}
