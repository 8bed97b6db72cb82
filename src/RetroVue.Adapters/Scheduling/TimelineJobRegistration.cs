using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetroVue.Adapters.Sync;

namespace RetroVue.Adapters.Scheduling;

/// <summary>
/// On start, stores the timeline extension's recurring job and queues one run now, so a server that was down catches
/// up at once. Does nothing on a node that runs no background jobs (Sync:Enabled off).
/// </summary>
internal sealed class TimelineJobRegistration(
    IServiceProvider services,
    IOptions<SourceSyncOptions> options,
    TimeSpan every,
    ILogger<TimelineJobRegistration> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled || services.GetService<IRecurringJobManager>() is not { } recurringJobs)
        {
            return Task.CompletedTask;
        }

        // Cron repeats evenly only at divisors of an hour or a day; otherwise it fires more often, which an extension up to the horizon tolerates.
        var cron = SyncCron.For(every);
        recurringJobs.AddOrUpdate<TimelineExtensionJob>(
            TimelineExtensionJob.RecurringJobId,
            job => job.RunAsync(CancellationToken.None),
            cron.Expression,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        recurringJobs.Trigger(TimelineExtensionJob.RecurringJobId);
        logger.LogInformation("Timelines are extended now and then on cron '{Cron}' (UTC)", cron.Expression);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
