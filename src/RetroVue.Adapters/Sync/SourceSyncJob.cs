using Microsoft.Extensions.Logging;
using Quartz;
using RetroVue.App.Common;
using RetroVue.App.Ingest;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Sync;

/// <summary>
/// One scheduled (or "sync now") sync of the source named by the job's key. The ingest records the run in
/// sync_runs and takes the source's lock, so a sync already running elsewhere (the CLI, another node) is skipped.
/// </summary>
[DisallowConcurrentExecution]
public sealed class SourceSyncJob(IngestService ingest, ILogger<SourceSyncJob> logger) : IJob
{
    /// <summary>Job data: "full" forces a full listing; otherwise the sync is a delta unless a full reconcile is due.</summary>
    public const string ModeKey = "mode";

    /// <summary>Job data: "manual" when an operator asked for it (sync now).</summary>
    public const string TriggerKey = "trigger";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var sourceName = context.JobDetail.Key.Name;
        var data = context.MergedJobDataMap;
        var mode = data.TryGetValue(ModeKey, out var m) && m is "full" ? IngestMode.Full : IngestMode.Auto;
        var trigger = data.TryGetValue(TriggerKey, out var t) && t is "manual" ? SyncTrigger.Manual : SyncTrigger.Scheduled;
        try
        {
            var summary = await ingest.IngestAsync(sourceName, new IngestRequest(mode, trigger), progress: null, cancellationToken);
            logger.LogInformation(
                "Synced {Source} ({Mode}, {Outcome}): {Found} found, {Added} added, {Updated} updated, {Unchanged} unchanged, {Retired} retired in {Elapsed}",
                sourceName, summary.Mode, summary.Outcome, summary.FilesFound, summary.Added, summary.Updated, summary.Unchanged, summary.Retired, summary.Elapsed);
        }
        catch (ConflictException)
        {
            logger.LogInformation("Sync of {Source} skipped: a sync of it is running already", sourceName);
        }
        catch (NotFoundException)
        {
            logger.LogInformation("Source {Source} no longer exists; its scheduled sync is removed", sourceName);
            await context.Scheduler.DeleteJob(context.JobDetail.Key, cancellationToken);
        }
        catch (UserFacingException ex)
        {
            // Already recorded in the source's sync history; the next interval tries again.
            logger.LogWarning("Sync of {Source} failed: {Error}", sourceName, SecretRedactor.Redact(ex.Message));
        }
    }
}
