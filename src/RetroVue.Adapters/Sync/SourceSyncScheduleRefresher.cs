using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RetroVue.Adapters.Sync;

/// <summary>
/// Brings the stored schedules in line with the sources when the server starts and then every
/// <see cref="SourceSyncOptions.RefreshInterval"/>, so a source added or removed with the CLI while the server runs
/// is picked up without a restart.
/// </summary>
internal sealed class SourceSyncScheduleRefresher(
    SourceSyncScheduler scheduler,
    IOptions<SourceSyncOptions> options,
    TimeProvider clock,
    ILogger<SourceSyncScheduleRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await scheduler.ReconcileAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be briefly away; the next round tries again.
                logger.LogWarning(ex, "Could not refresh the sync schedules");
            }

            try
            {
                await Task.Delay(options.Value.RefreshInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
