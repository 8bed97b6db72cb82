using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RetroVue.App.Common;
using RetroVue.App.Ingest;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Sync;

/// <summary>
/// Runs a "sync now" in this process when no scheduler is running to take it: at most one per source, in the
/// background, with its live progress kept for the dashboard. Stopping the host cancels and awaits them.
/// </summary>
/// <remarks>
/// A web host run by <c>RunAsync</c> may be stopped twice, once by its own shutdown (which then disposes the
/// container) and once by whoever asked it to stop, in either order; so stopping after disposal is a no-op.
/// </remarks>
public sealed class InlineSyncRunner(IngestService ingest, ILogger<InlineSyncRunner> logger) : IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<string, Running> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <returns>False when a sync of the source started here is still running.</returns>
    public bool TryStart(string sourceName, bool full)
    {
        var running = new Running();
        if (_stopping.IsCancellationRequested || !_running.TryAdd(sourceName, running))
        {
            return false;
        }

        var request = new IngestRequest(full ? IngestMode.Full : IngestMode.Auto, SyncTrigger.Manual);
        running.Task = Task.Run(() => RunAsync(sourceName, request, running));
        return true;
    }

    /// <summary>The latest progress of a sync running here, or null.</summary>
    public IngestProgress? ProgressOf(string sourceName) =>
        _running.TryGetValue(sourceName, out var running) ? running.Progress ?? new IngestProgress(sourceName, IngestPhase.Scanning, 0, 0, 0, 0, TimeSpan.Zero) : null;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _stopping.Cancel();
            }
        }

        await Task.WhenAll(_running.Values.Select(r => r.Task ?? Task.CompletedTask)).WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _stopping.Cancel();
            _stopping.Dispose();
        }
    }

    private async Task RunAsync(string sourceName, IngestRequest request, Running running)
    {
        // Its own trace, not a part of the admin request that asked for it and has long been answered.
        Activity.Current = null;
        using var activity = RetroVueTracing.Sync.StartActivity("source sync");
        activity?.SetTag("retrovue.source", sourceName);
        activity?.SetTag("retrovue.sync.trigger", request.Trigger.ToString());
        activity?.SetTag("retrovue.sync.runner", "inline");
        try
        {
            var summary = await ingest.IngestAsync(sourceName, request, new Progress(running), _stopping.Token);
            logger.LogInformation("Synced {Source} now ({Mode}, {Outcome}): {Found} found, {Added} added, {Updated} updated, {Retired} retired", sourceName, summary.Mode, summary.Outcome, summary.FilesFound, summary.Added, summary.Updated, summary.Retired);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            logger.LogInformation("Sync of {Source} cancelled: the server is stopping", sourceName);
        }
        catch (UserFacingException e)
        {
            RetroVueTracing.Fail(activity, e);

            // The sync history already says how it ended; the dashboard shows it.
            logger.LogWarning("Sync of {Source} failed: {Error}", sourceName, SecretRedactor.Redact(e.Message));
        }
        catch (Exception e)
        {
            RetroVueTracing.Fail(activity, e);
            logger.LogError(e, "Sync of {Source} failed", sourceName);
        }
        finally
        {
            _running.TryRemove(sourceName, out _);
        }
    }

    private sealed class Running
    {
        public Task? Task { get; set; }
        public volatile IngestProgress? Progress;
    }

    /// <summary>Keeps only the latest snapshot: synchronous, so no callbacks queue up.</summary>
    private sealed class Progress(Running running) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => running.Progress = value;
    }
}
