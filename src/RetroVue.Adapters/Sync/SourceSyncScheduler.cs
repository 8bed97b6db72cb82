using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using RetroVue.App.Common;
using RetroVue.App.Sources;

namespace RetroVue.Adapters.Sync;

/// <summary>
/// Keeps one Quartz job per source, in the persistent (clustered) store, whose trigger repeats at the source's
/// sync interval. Reconciling is idempotent and safe on several nodes at once: an unchanged schedule is left alone
/// (so restarts do not push syncs back), a changed interval is rescheduled, a removed source loses its job.
/// </summary>
public sealed class SourceSyncScheduler(
    ISchedulerFactory schedulers,
    IUnitOfWork unitOfWork,
    IOptions<SourceSyncOptions> options,
    TimeProvider clock,
    ILogger<SourceSyncScheduler> logger)
{
    public const string JobGroup = "source-sync";

    public static JobKey JobKeyFor(string sourceName) => new(sourceName, JobGroup);

    /// <summary>Makes the stored schedules match the sources; returns how many jobs it added, changed or removed.</summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var sources = await unitOfWork.ExecuteAsync((db, ct) => db.Sources.AsNoTracking().ToListAsync(ct), cancellationToken);
        var wanted = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            try
            {
                if (SyncIntervalSetting.Of(source) is { } interval)
                {
                    wanted[source.Name] = interval;
                }
            }
            catch (UserFacingException ex)
            {
                logger.LogWarning("Source {Source} is not scheduled: {Error}", source.Name, ex.Message);
            }
        }

        var changes = 0;
        var jobs = await scheduler.QueryJobs(new JobQuery { Group = GroupMatcher<JobKey>.GroupEquals(JobGroup), Take = PagedQuery.All }, cancellationToken);
        foreach (var job in jobs.Items.Where(j => !wanted.ContainsKey(j.Key.Name)))
        {
            await scheduler.DeleteJob(job.Key, cancellationToken);
            logger.LogInformation("Removed the scheduled sync of {Source}", job.Key.Name);
            changes++;
        }

        foreach (var (name, interval) in wanted)
        {
            if (await EnsureScheduledAsync(scheduler, name, interval, cancellationToken))
            {
                changes++;
            }
        }

        return changes;
    }

    /// <summary>
    /// Queues a sync of the source at once on whichever node of the cluster picks it up first (the job is added if the
    /// source has none yet, e.g. because its scheduled sync is off).
    /// </summary>
    public async Task TriggerNowAsync(string sourceName, bool full, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var key = JobKeyFor(sourceName);
        if (await scheduler.GetJobDetail(key, cancellationToken) is null)
        {
            await scheduler.AddJob(BuildJob(sourceName), new AddJobOptions { Replace = true }, cancellationToken);
        }

        var data = new JobDataMap
        {
            [SourceSyncJob.TriggerKey] = "manual",
            [SourceSyncJob.ModeKey] = full ? "full" : "auto",
        };
        await scheduler.TriggerJob(key, data, cancellationToken);
    }

    private async Task<bool> EnsureScheduledAsync(IScheduler scheduler, string sourceName, TimeSpan interval, CancellationToken cancellationToken)
    {
        var triggerKey = new TriggerKey(sourceName, JobGroup);
        var current = await scheduler.GetTrigger(triggerKey, cancellationToken);
        if (current is ISimpleTrigger simple && simple.RepeatInterval == interval)
        {
            return false;
        }

        var trigger = TriggerBuilder.Create(clock)
            .WithIdentity(triggerKey)
            .ForJob(JobKeyFor(sourceName))
            .StartAt(clock.GetUtcNow() + options.Value.FirstRunDelay)
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever())
            .Build();
        try
        {
            if (current is null)
            {
                await scheduler.ScheduleJob(BuildJob(sourceName), trigger, new ScheduleJobOptions { Replace = true }, cancellationToken);
            }
            else
            {
                await scheduler.RescheduleJob(triggerKey, trigger, cancellationToken);
            }
        }
        catch (ObjectAlreadyExistsException)
        {
            // Another node scheduled it at the same moment: its schedule stands.
            return false;
        }

        logger.LogInformation("Scheduled a sync of {Source} every {Interval}", sourceName, interval);
        return true;
    }

    private static IJobDetail BuildJob(string sourceName) =>
        JobBuilder.Create<SourceSyncJob>()
            .WithIdentity(JobKeyFor(sourceName))
            .WithDescription($"Sync of source '{sourceName}'")
            .StoreDurably()
            .RequestRecovery()
            .Build();
}
