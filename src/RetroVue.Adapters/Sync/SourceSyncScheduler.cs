using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RetroVue.App.Common;
using RetroVue.App.Sources;

namespace RetroVue.Adapters.Sync;

/// <summary>
/// Keeps one Hangfire recurring job per source ("source-sync:NAME"), in the shared store, firing at the source's sync
/// interval. Reconciling is idempotent and safe on several nodes at once (Hangfire locks each recurring job while it
/// changes it): an unchanged schedule is left alone (so restarts do not push syncs back), a changed interval replaces
/// the schedule, a removed source or "off" loses its job.
/// </summary>
public sealed class SourceSyncScheduler(
    JobStorage storage,
    IRecurringJobManager recurringJobs,
    IBackgroundJobClient jobs,
    IUnitOfWork unitOfWork,
    ILogger<SourceSyncScheduler> logger)
{
    public const string JobGroup = "source-sync";

    public static string RecurringJobIdFor(string sourceName) => $"{JobGroup}:{sourceName}";

    /// <summary>Makes the stored schedules match the sources; returns how many jobs it added, changed or removed.</summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        var sources = await unitOfWork.ExecuteAsync((db, ct) => db.Sources.AsNoTracking().ToListAsync(ct), cancellationToken);
        var wanted = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            try
            {
                if (SyncIntervalSetting.Of(source) is { } interval)
                {
                    wanted[RecurringJobIdFor(source.Name)] = interval;
                }
            }
            catch (UserFacingException ex)
            {
                logger.LogWarning("Source {Source} is not scheduled: {Error}", source.Name, ex.Message);
            }
        }

        var changes = 0;
        var stored = ScheduledSyncs();
        foreach (var job in stored.Where(j => !wanted.ContainsKey(j.Id)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            recurringJobs.RemoveIfExists(job.Id);
            logger.LogInformation("Removed the scheduled sync {Job}", job.Id);
            changes++;
        }

        var current = stored.ToDictionary(j => j.Id, StringComparer.Ordinal);
        foreach (var (id, interval) in wanted)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var cron = SyncCron.For(interval);
            var minutes = (int)Math.Round(interval.TotalMinutes);
            if (current.TryGetValue(id, out var existing) && existing.Cron == cron.Expression && IntervalOf(existing) == minutes)
            {
                continue;
            }

            var sourceName = id[(JobGroup.Length + 1)..];
            recurringJobs.AddOrUpdate<SourceSyncJob>(
                id,
                job => job.RunScheduledAsync(sourceName, minutes, CancellationToken.None),
                cron.Expression,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
            logger.LogInformation("Scheduled a sync of {Source} every {Interval} (cron '{Cron}')", sourceName, interval, cron.Expression);
            changes++;
        }

        return changes;
    }

    /// <summary>Queues a sync of the source at once, for whichever node's worker takes it first; returns the job's id.</summary>
    public string TriggerNow(string sourceName, bool full) =>
        jobs.Enqueue<SourceSyncJob>(job => job.RunNowAsync(sourceName, full, CancellationToken.None));

    /// <summary>The stored recurring syncs, whatever node added them.</summary>
    public IReadOnlyList<RecurringJobDto> ScheduledSyncs()
    {
        using var connection = storage.GetConnection();
        return connection.GetRecurringJobs().Where(j => j.Id.StartsWith(JobGroup + ":", StringComparison.Ordinal)).ToList();
    }

    /// <summary>The interval (minutes) a stored recurring sync was added with, or null when its job cannot be read.</summary>
    public static int? IntervalOf(RecurringJobDto job) =>
        job.Job is { Method.Name: nameof(SourceSyncJob.RunScheduledAsync) } j && j.Args.Count > 1 && j.Args[1] is int minutes ? minutes : null;
}
