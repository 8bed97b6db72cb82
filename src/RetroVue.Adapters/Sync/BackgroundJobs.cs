using Quartz;

namespace RetroVue.Adapters.Sync;

/// <summary>One Quartz job: when it last fired and fires next, and whether a node runs it now.</summary>
public sealed record BackgroundJobView(
    string Group,
    string Name,
    string? Description,
    DateTimeOffset? PreviousFire,
    DateTimeOffset? NextFire,
    string TriggerState,
    bool Running,
    DateTimeOffset? RunningSince);

/// <summary>The scheduler's state on this node and every job in the (shared) store.</summary>
public sealed record BackgroundJobsView(string SchedulerStatus, IReadOnlyList<BackgroundJobView> Jobs);

/// <summary>Reads the Quartz store through the scheduler API (jobs, triggers and running firings of the whole cluster).</summary>
public sealed class BackgroundJobs(ISchedulerFactory schedulers)
{
    public async Task<BackgroundJobsView> ReadAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var status = await scheduler.GetStatus(cancellationToken);
        var jobs = await scheduler.QueryJobs(new JobQuery { Take = PagedQuery.All }, cancellationToken);
        var triggers = await scheduler.QueryTriggers(new TriggerQuery { Take = PagedQuery.All }, cancellationToken);
        var running = await scheduler.QueryFireInstances(new FireInstanceQuery { Take = PagedQuery.All }, cancellationToken);
        var triggersOf = triggers.Items.ToLookup(t => t.JobKey);
        var runningOf = running.Items.Where(f => f.JobKey is not null).ToLookup(f => f.JobKey!);
        var views = jobs.Items
            .Select(job =>
            {
                var own = triggersOf[job.Key].ToList();
                var firing = runningOf[job.Key].OrderBy(f => f.FireTimeUtc).FirstOrDefault();
                return new BackgroundJobView(
                    job.Key.Group,
                    job.Key.Name,
                    job.Description,
                    own.Max(t => t.PreviousFireTimeUtc),
                    own.Min(t => t.NextFireTimeUtc),
                    own.Count == 0 ? "no trigger" : string.Join(", ", own.Select(t => t.State.ToString().ToLowerInvariant()).Distinct()),
                    firing is not null,
                    firing?.FireTimeUtc);
            })
            .OrderBy(j => j.Group, StringComparer.Ordinal)
            .ThenBy(j => j.Name, StringComparer.Ordinal)
            .ToList();
        return new BackgroundJobsView(status.ToString().ToLowerInvariant(), views);
    }
}
