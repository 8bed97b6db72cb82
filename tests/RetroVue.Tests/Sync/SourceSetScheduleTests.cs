using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;
using RetroVue.App.Sources;
using RetroVue.Domain.Library;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Sync;

/// <summary>A sync interval changed on a source (as 'retrovue source set' does) reaches the running server's Quartz schedule.</summary>
public sealed class SourceSetScheduleTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_changed_sync_interval_is_rescheduled_and_off_unschedules_at_the_next_refresh_without_a_restart()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var folder = Directory.CreateTempSubdirectory("rv-set-sched-").FullName;
        using var host = SourceSyncSchedulerTests.BuildHost(database, "node-a", refreshInterval: "00:00:01");
        await host.StartAsync();
        await host.Services.GetRequiredService<SourceService>().AddFilesystemAsync("tv", folder, SourceContentKind.Shows, CancellationToken.None);
        var quartz = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var key = new TriggerKey("tv", Adapters.Sync.SourceSyncScheduler.JobGroup);
        var editor = host.Services.GetRequiredService<SourceEditor>();

        var scheduled = await WaitForAsync(async () => await quartz.GetTrigger(key) is ISimpleTrigger t && t.RepeatInterval == SyncIntervalSetting.Default);
        await editor.ChangeAsync("tv", new SourceChanges { SyncInterval = "2h" }, CancellationToken.None);
        var rescheduled = await WaitForAsync(async () => await quartz.GetTrigger(key) is ISimpleTrigger t && t.RepeatInterval == TimeSpan.FromHours(2));
        await editor.ChangeAsync("tv", new SourceChanges { SyncInterval = "off" }, CancellationToken.None);
        var unscheduled = await WaitForAsync(async () => await quartz.GetTrigger(key) is null);

        Assert.True(scheduled, "the new source was scheduled every 6h");
        Assert.True(rescheduled, "the 2h interval reached the schedule");
        Assert.True(unscheduled, "'off' removed the schedule");
        await host.StopAsync();
        Directory.Delete(folder, recursive: true);
    }

    private static async Task<bool> WaitForAsync(Func<Task<bool>> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < Patience)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        return false;
    }
}
