using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RetroVue.App.Common;
using RetroVue.App.Ingest;

namespace RetroVue.Adapters.Sync;

public enum SyncLaunchKind
{
    /// <summary>Queued in the shared Hangfire store: whichever node's worker takes it first runs it.</summary>
    Scheduler,

    /// <summary>No scheduler runs here: started in this process in the background.</summary>
    Inline,
}

public sealed record SyncLaunch(string Source, SyncLaunchKind How, DateTimeOffset RequestedAt);

/// <summary>What the dashboard shows beside a source while a sync it asked for has not finished.</summary>
public sealed record SyncActivity(string State, IngestProgress? Progress);

/// <summary>
/// "Sync now" from the admin and the API. Decision: when this process runs background jobs (Sync:Enabled) the sync is
/// queued as a Hangfire job (one place runs syncs; the per-source lock, retries and recovery apply); otherwise it runs
/// inline in the background. Either way the ingest records it in sync_runs and takes the source's lock.
/// </summary>
public sealed class SyncNow(IOptions<SourceSyncOptions> options, SourceSyncScheduler scheduler, InlineSyncRunner inline, IUnitOfWork unitOfWork, TimeProvider clock)
{
    /// <summary>How long a queued request counts as "queued" while no run of the source has started.</summary>
    public static readonly TimeSpan QueuedFor = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _queued = new(StringComparer.Ordinal);

    public async Task<SyncLaunch> StartAsync(string sourceName, bool full, CancellationToken cancellationToken)
    {
        var name = sourceName.Trim();
        var exists = await unitOfWork.ExecuteAsync((db, ct) => db.Sources.AsNoTracking().AnyAsync(s => s.Name == name, ct), cancellationToken);
        if (!exists)
        {
            throw new NotFoundException($"There is no source named '{name}'.");
        }

        var now = clock.GetUtcNow();
        if (options.Value.Enabled)
        {
            scheduler.TriggerNow(name, full);
            _queued[name] = now;
            return new SyncLaunch(name, SyncLaunchKind.Scheduler, now);
        }

        return inline.TryStart(name, full)
            ? new SyncLaunch(name, SyncLaunchKind.Inline, now)
            : throw new ConflictException($"A sync of '{name}' is running already.");
    }

    /// <summary>
    /// Running here (with live progress), queued on the scheduler and not started yet, or null.
    /// <paramref name="lastStarted"/> is when the source's latest recorded run began.
    /// </summary>
    public SyncActivity? ActivityOf(string sourceName, DateTimeOffset? lastStarted)
    {
        if (inline.ProgressOf(sourceName) is { } progress)
        {
            return new SyncActivity("running", progress);
        }

        if (_queued.TryGetValue(sourceName, out var requested))
        {
            if (clock.GetUtcNow() - requested < QueuedFor && (lastStarted is null || lastStarted < requested))
            {
                return new SyncActivity("queued", null);
            }

            _queued.TryRemove(sourceName, out _);
        }

        return null;
    }
}
