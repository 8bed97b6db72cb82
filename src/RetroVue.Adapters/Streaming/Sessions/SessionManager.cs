using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetroVue.App.Streaming;
using RetroVue.Domain.Scheduling;

namespace RetroVue.Adapters.Streaming.Sessions;

/// <summary>A viewer attached to a channel's session; dispose it when the viewer goes away.</summary>
public sealed class ViewerLease(SessionManager manager, ChannelSession session, ViewerConnection viewer) : IAsyncDisposable
{
    public ChannelSession Session => session;

    public ViewerConnection Viewer => viewer;

    public ValueTask DisposeAsync() => manager.LeaveAsync(session, viewer);
}

/// <summary>A new channel would exceed the server's transcode limit; the viewer should try again later.</summary>
public sealed class TranscodeLimitReachedException(int limit)
    : Exception($"This server already transcodes {limit} channels, its limit (Streaming:MaxTranscodes); try again when a channel stops.")
{
    public int Limit => limit;
}

/// <summary>How many channels transcode now, the limit, and how many viewers the limit turned away.</summary>
public sealed record TranscodeCapacity(int Limit, int InUse, long Refused);

/// <summary>
/// One session per channel, started by its first viewer and stopped a grace time after its last viewer left
/// (so zapping back is instant). Stopping the manager stops every session and reaps every ffmpeg.
/// </summary>
public sealed class SessionManager(
    IPlayoutSource source,
    FeedOpener opener,
    IPlaybackFaultSink faults,
    IOptions<StreamingOptions> options,
    TimeProvider time,
    ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ChannelNumber, ChannelSession> _sessions = [];
    private readonly Dictionary<ChannelSession, CancellationTokenSource> _graceTimers = [];
    private readonly Dictionary<ChannelNumber, int> _starts = [];
    private readonly ILogger _logger = loggers.CreateLogger<SessionManager>();
    private long _refused;
    private bool _disposed;

    /// <summary>Attaches a viewer to the channel, starting its session if needed; null when there is no such channel.</summary>
    /// <exception cref="TranscodeLimitReachedException">Starting the channel would exceed <see cref="StreamingOptions.MaxTranscodes"/>.</exception>
    public async Task<ViewerLease?> TuneAsync(ChannelNumber number, CancellationToken cancellationToken)
    {
        var channel = await source.FindChannelAsync(number, cancellationToken);
        if (channel is null)
        {
            return null;
        }

        while (true)
        {
            ChannelSession session;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (!_sessions.TryGetValue(number, out session!))
                {
                    // Only admission is limited: a running channel whose next item transcodes is never cut off its viewers.
                    var limit = options.Value.MaxTranscodes;
                    if (_sessions.Values.Count(s => s.IsTranscoding) >= limit)
                    {
                        _refused++;
                        _logger.LogWarning("Channel {Channel} not started: {Limit} channels transcode already (Streaming:MaxTranscodes)", number, limit);
                        throw new TranscodeLimitReachedException(limit);
                    }

                    session = new ChannelSession(channel, source, opener, faults, options.Value, time, loggers.CreateLogger<ChannelSession>());
                    _sessions[number] = session;
                    _starts[number] = _starts.GetValueOrDefault(number) + 1;
                    session.Start();
                    _ = ForgetWhenEndedAsync(session);
                    _logger.LogInformation("Channel {Channel} started", number);
                }

                if (_graceTimers.Remove(session, out var timer))
                {
                    timer.Cancel();
                    timer.Dispose();
                }
            }

            var viewer = session.Attach();
            if (viewer is not null)
            {
                return new ViewerLease(this, session, viewer);
            }

            // The session ended between lookup and attach; forget it and start a fresh one.
            Forget(session);
        }
    }

    public IReadOnlyList<SessionStats> Sessions()
    {
        lock (_gate)
        {
            return _sessions.Values
                .OrderBy(s => s.Channel.Number)
                .Select(s => s.Snapshot(_starts.GetValueOrDefault(s.Channel.Number) - 1))
                .ToList();
        }
    }

    public TranscodeCapacity Capacity()
    {
        lock (_gate)
        {
            return new TranscodeCapacity(options.Value.MaxTranscodes, _sessions.Values.Count(s => s.IsTranscoding), _refused);
        }
    }

    /// <summary>Stops every session now (server shutdown) and waits until their ffmpeg children are gone.</summary>
    public async Task StopAllAsync()
    {
        List<ChannelSession> sessions;
        lock (_gate)
        {
            sessions = [.. _sessions.Values];
            _sessions.Clear();
            foreach (var timer in _graceTimers.Values)
            {
                timer.Cancel();
                timer.Dispose();
            }

            _graceTimers.Clear();
        }

        foreach (var session in sessions)
        {
            await session.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        await StopAllAsync();
    }

    internal ValueTask LeaveAsync(ChannelSession session, ViewerConnection viewer)
    {
        session.Detach(viewer);
        CancellationTokenSource timer;
        lock (_gate)
        {
            if (session.ViewerCount > 0 || !_sessions.TryGetValue(session.Channel.Number, out var current) || current != session || _graceTimers.ContainsKey(session))
            {
                return ValueTask.CompletedTask;
            }

            timer = new CancellationTokenSource();
            _graceTimers[session] = timer;
        }

        _ = StopAfterGraceAsync(session, timer.Token);
        return ValueTask.CompletedTask;
    }

    private async Task StopAfterGraceAsync(ChannelSession session, CancellationToken cancelled)
    {
        try
        {
            await Task.Delay(options.Value.Grace, time, cancelled);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (_gate)
        {
            if (cancelled.IsCancellationRequested || session.ViewerCount > 0)
            {
                return;
            }

            if (_graceTimers.Remove(session, out var timer))
            {
                timer.Dispose();
            }

            if (_sessions.TryGetValue(session.Channel.Number, out var current) && current == session)
            {
                _sessions.Remove(session.Channel.Number);
            }
        }

        _logger.LogInformation("Channel {Channel} stopped: no viewer for {Grace} s", session.Channel.Number, options.Value.GraceSeconds);
        await session.DisposeAsync();
    }

    private async Task ForgetWhenEndedAsync(ChannelSession session)
    {
        try
        {
            await session.Completion;
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Channel {Channel} session failed", session.Channel.Number);
        }

        Forget(session);
    }

    private void Forget(ChannelSession session)
    {
        lock (_gate)
        {
            if (_sessions.TryGetValue(session.Channel.Number, out var current) && current == session)
            {
                _sessions.Remove(session.Channel.Number);
            }

            if (_graceTimers.Remove(session, out var timer))
            {
                timer.Cancel();
                timer.Dispose();
            }
        }
    }
}
