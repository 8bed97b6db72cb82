using Hangfire;
using Hangfire.Common;
using Hangfire.Storage;
using RetroVue.Adapters.Scheduling;

namespace RetroVue.Adapters.Sync;

/// <summary>One background job: when it last ran and runs next, and whether a node runs it now.</summary>
public sealed record BackgroundJobView(
    string Group,
    string Name,
    string? Description,
    DateTimeOffset? PreviousFire,
    DateTimeOffset? NextFire,
    string TriggerState,
    bool Running,
    DateTimeOffset? RunningSince);

/// <summary>The job servers alive in the cluster and every job in the (shared) store.</summary>
public sealed record BackgroundJobsView(string SchedulerStatus, int Servers, IReadOnlyList<BackgroundJobView> Jobs);

/// <summary>
/// Reads the Hangfire store through its monitoring API: the recurring jobs (source syncs, timeline extension) with
/// their last and next runs, plus whatever a worker of any node runs now (a "sync now" has no recurring job).
/// </summary>
public sealed class BackgroundJobs(JobStorage storage, TimeProvider clock)
{
    /// <summary>Where the web host mounts Hangfire's own dashboard (the card links to it).</summary>
    public const string DashboardPath = "/admin/jobs";

    /// <summary>A server silent for longer than this is counted as gone (Hangfire's heartbeat is every 30 s).</summary>
    private static readonly TimeSpan ServerTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The processing list is read up to this many jobs: at most one per source plus the timeline job run at once.</summary>
    private const int MaxRunning = 500;

    public Task<BackgroundJobsView> ReadAsync(CancellationToken cancellationToken) =>
        Task.Run(() => Read(), cancellationToken);

    private BackgroundJobsView Read()
    {
        var monitoring = storage.GetMonitoringApi();
        var now = clock.GetUtcNow();
        var servers = monitoring.Servers().Count(s => s.Heartbeat is { } beat && now - new DateTimeOffset(DateTime.SpecifyKind(beat, DateTimeKind.Utc)) < ServerTimeout);
        var running = monitoring.ProcessingJobs(0, MaxRunning)
            .Where(j => j.Value.Job is not null)
            .Select(j => (Key: KeyOf(j.Value.Job), Since: Utc(j.Value.StartedAt)))
            .ToList();
        List<RecurringJobDto> recurring;
        using (var connection = storage.GetConnection())
        {
            recurring = connection.GetRecurringJobs();
        }

        var views = recurring
            .Select(job =>
            {
                var key = job.Job is null ? Split(job.Id) : KeyOf(job.Job);
                var firing = running.Where(r => r.Key == key).Select(r => r.Since).Order().ToList();
                return new BackgroundJobView(
                    key.Group,
                    key.Name,
                    DescribeRecurring(key),
                    Utc(job.LastExecution),
                    Utc(job.NextExecution),
                    job.Error is { Length: > 0 } error ? $"cron {job.Cron}; {error}" : $"cron {job.Cron} UTC",
                    firing.Count > 0,
                    firing.FirstOrDefault());
            })
            .ToList();
        var recurringKeys = views.Select(v => (v.Group, v.Name)).ToHashSet();
        views.AddRange(running
            .Where(r => !recurringKeys.Contains(r.Key))
            .GroupBy(r => r.Key)
            .Select(g => new BackgroundJobView(g.Key.Group, g.Key.Name, $"{DescribeRecurring(g.Key)} (asked for now)", null, null, "queued once", true, g.Min(r => r.Since))));
        return new BackgroundJobsView(
            servers > 0 ? "running" : "stopped",
            servers,
            views.OrderBy(j => j.Group, StringComparer.Ordinal).ThenBy(j => j.Name, StringComparer.Ordinal).ToList());
    }

    /// <summary>The group and name a job is shown under: a source sync by its source, the timeline job by its id.</summary>
    private static (string Group, string Name) KeyOf(Job job) =>
        job.Type == typeof(SourceSyncJob) && job.Args.Count > 0 && job.Args[0] is string source
            ? (SourceSyncScheduler.JobGroup, source)
            : job.Type == typeof(TimelineExtensionJob)
                ? (TimelineExtensionJob.Group, TimelineExtensionJob.Name)
                : ("other", $"{job.Type.Name}.{job.Method.Name}");

    private static (string Group, string Name) Split(string recurringJobId)
    {
        var colon = recurringJobId.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? (recurringJobId[..colon], recurringJobId[(colon + 1)..]) : ("other", recurringJobId);
    }

    private static string DescribeRecurring((string Group, string Name) key) => key.Group switch
    {
        SourceSyncScheduler.JobGroup => $"Sync of source '{key.Name}'",
        TimelineExtensionJob.Group => "Extend every channel's timeline",
        _ => key.Name,
    };

    private static DateTimeOffset? Utc(DateTime? value) =>
        value is { } time ? new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)) : null;
}
