using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.Domain.Library;

namespace RetroVue.App.Ingest;

/// <summary>
/// The sync_runs of a source: what mode the next sync takes (and from which cursor), and one row per run, written
/// when it starts and again when it ends, each in its own unit of work so the history survives a crash mid-run.
/// </summary>
internal sealed class SyncHistory(IUnitOfWork unitOfWork, TimeProvider clock)
{
    public sealed record Plan(SyncMode Mode, string? Cursor);

    public Task<Plan> PlanAsync(Guid sourceId, IngestMode requested, TimeSpan fullReconcileInterval, CancellationToken cancellationToken)
    {
        if (requested == IngestMode.Full)
        {
            return Task.FromResult(new Plan(SyncMode.Full, null));
        }

        return unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var succeeded = db.SyncRuns.AsNoTracking().Where(r => r.SourceId == sourceId && r.Outcome == SyncOutcome.Succeeded);
                var cursor = await succeeded.Where(r => r.Cursor != null).OrderByDescending(r => r.StartedAt).Select(r => r.Cursor).FirstOrDefaultAsync(ct);
                if (cursor is null)
                {
                    return new Plan(SyncMode.Full, null);
                }

                if (requested == IngestMode.Auto)
                {
                    var lastFull = await succeeded.Where(r => r.Mode == SyncMode.Full).OrderByDescending(r => r.StartedAt).Select(r => (DateTimeOffset?)r.StartedAt).FirstOrDefaultAsync(ct);
                    if (lastFull is null || clock.GetUtcNow() - lastFull.Value >= fullReconcileInterval)
                    {
                        return new Plan(SyncMode.Full, null);
                    }
                }

                return new Plan(SyncMode.Delta, cursor);
            },
            cancellationToken);
    }

    public Task<Guid> StartAsync(Guid sourceId, SyncMode mode, SyncTrigger trigger, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            (db, _) =>
            {
                var run = new SyncRun(sourceId, mode, trigger, clock.GetUtcNow());
                db.SyncRuns.Add(run);
                return Task.FromResult(run.Id);
            },
            cancellationToken);

    /// <summary>Records how the run ended. Never cancelled: a cancelled sync still says so.</summary>
    public Task FinishAsync(Guid runId, SyncOutcome outcome, SyncMode mode, SyncCounts counts, string? cursor, string? error) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var run = await db.SyncRuns.SingleAsync(r => r.Id == runId, ct);
                run.Finish(outcome, mode, counts, cursor, error is null ? null : SecretRedactor.Redact(error), clock.GetUtcNow());
            },
            CancellationToken.None);
}
