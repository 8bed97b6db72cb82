using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RetroVue.App.Common;
using RetroVue.App.Ingest;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Sync;

/// <summary>
/// One sync of a source, run by a Hangfire worker: on the source's recurring schedule or as a "sync now". A
/// distributed lock per source (in Hangfire's store) makes a second sync of the same source wait until the first
/// ends, whichever nodes run them; the ingest records every run in sync_runs. A failure the operator must fix (bad
/// settings, a server that refuses) is recorded there and waits for the next interval; anything else (the database
/// away, the lock not freed in time) is retried by Hangfire after 1, 5 and 15 minutes.
/// </summary>
public sealed class SourceSyncJob(
    IngestService ingest,
    IUnitOfWork unitOfWork,
    IRecurringJobManager recurringJobs,
    TimeProvider clock,
    ILogger<SourceSyncJob> logger)
{
    /// <summary>The per-source lock: "{0}" is the job's first argument, the source's name.</summary>
    public const string LockResource = "retrovue:source-sync:{0}";

    /// <summary>How long a sync waits for another sync of its source to finish before it is retried later.</summary>
    public const int LockTimeoutSeconds = 15 * 60;

    [DisableConcurrentExecution(LockResource, LockTimeoutSeconds)]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 300, 900], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task RunScheduledAsync(string sourceName, int intervalMinutes, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromMinutes(intervalMinutes);
        var cron = SyncCron.For(interval);
        if (!cron.IsExact(interval) && !cron.IsDue(interval, await LastScheduledStartAsync(sourceName, cancellationToken), clock.GetUtcNow()))
        {
            return;
        }

        await RunAsync(sourceName, new IngestRequest(IngestMode.Auto, SyncTrigger.Scheduled), cancellationToken);
    }

    [DisableConcurrentExecution(LockResource, LockTimeoutSeconds)]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 300, 900], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public Task RunNowAsync(string sourceName, bool full, CancellationToken cancellationToken) =>
        RunAsync(sourceName, new IngestRequest(full ? IngestMode.Full : IngestMode.Auto, SyncTrigger.Manual), cancellationToken);

    private async Task RunAsync(string sourceName, IngestRequest request, CancellationToken cancellationToken)
    {
        using var activity = RetroVueTracing.Sync.StartActivity("source sync");
        activity?.SetTag("retrovue.source", sourceName);
        activity?.SetTag("retrovue.sync.trigger", request.Trigger.ToString());
        activity?.SetTag("retrovue.sync.runner", "job");
        try
        {
            var summary = await ingest.IngestAsync(sourceName, request, progress: null, cancellationToken);
            logger.LogInformation(
                "Synced {Source} ({Mode}, {Outcome}): {Found} found, {Added} added, {Updated} updated, {Unchanged} unchanged, {Retired} retired in {Elapsed}",
                sourceName, summary.Mode, summary.Outcome, summary.FilesFound, summary.Added, summary.Updated, summary.Unchanged, summary.Retired, summary.Elapsed);
        }
        catch (ConflictException)
        {
            // Only a sync outside the job store holds the source now (the CLI); the next interval comes soon enough.
            logger.LogInformation("Sync of {Source} skipped: a sync of it is running already", sourceName);
        }
        catch (NotFoundException)
        {
            logger.LogInformation("Source {Source} no longer exists; its scheduled sync is removed", sourceName);
            recurringJobs.RemoveIfExists(SourceSyncScheduler.RecurringJobIdFor(sourceName));
        }
        catch (UserFacingException ex)
        {
            RetroVueTracing.Fail(activity, ex);

            // Already recorded in the source's sync history; the next interval tries again.
            logger.LogWarning("Sync of {Source} failed: {Error}", sourceName, SecretRedactor.Redact(ex.Message));
        }
    }

    private Task<DateTimeOffset?> LastScheduledStartAsync(string sourceName, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            (db, ct) => db.SyncRuns
                .Where(r => r.Trigger == SyncTrigger.Scheduled && db.Sources.Any(s => s.Id == r.SourceId && s.Name == sourceName))
                .MaxAsync(r => (DateTimeOffset?)r.StartedAt, ct),
            cancellationToken);
}
