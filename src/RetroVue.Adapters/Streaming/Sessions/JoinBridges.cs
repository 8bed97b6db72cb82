using Microsoft.Extensions.Logging;
using RetroVue.Adapters.Streaming.Ts;
using RetroVue.App.Streaming;

namespace RetroVue.Adapters.Streaming.Sessions;

/// <summary>
/// The join bridges of one channel session. A viewer joining a running channel would otherwise start at a kept
/// keyframe, up to half a GOP away from the present (several seconds for a copied file). A bridge feeds the channel's
/// own recent output, from the keyframe before the present, to an ffmpeg that re-encodes it from the exact present
/// (its timestamps stay on the channel clock), until the shared stream's next keyframe; the viewer then continues
/// with the shared stream. Bridges are short (at most one GOP), capped per server, and a failed bridge leaves its
/// viewer on the shared stream from the next keyframe.
/// </summary>
public sealed class JoinBridges(PlayoutChannel channel, FeedOpener opener, ViewerFanout fanout, StreamingOptions options, ILogger logger) : IAsyncDisposable
{
    /// <summary>A bridge's ffmpeg silent this long has failed (it is fed in real time once the backlog is in).</summary>
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _running = [];
    private int _disposed;
    private int _started;
    private int _fromStandby;
    private JoinStandby? _standby;

    /// <summary>A kept keyframe at most this far (90 kHz ticks) from the present is joined directly.</summary>
    public long ToleranceTicks => (long)(options.JoinToleranceSeconds * 90_000);

    /// <summary>Joins that went through a bridge (their own or the channel's standby) since the session started.</summary>
    public int Started => Volatile.Read(ref _started);

    /// <summary>Of <see cref="Started"/>, the joins served from the channel's join standby.</summary>
    public int FromStandby => Volatile.Read(ref _fromStandby);

    /// <summary>The channel's join standby once started (<see cref="StreamingOptions.JoinStandby"/>); null before or without it.</summary>
    public JoinStandby? Standby => Volatile.Read(ref _standby);

    public bool TryReserve() => Volatile.Read(ref _disposed) == 0 && opener.TryReserveBridge();

    /// <summary>Starts the channel's join standby, once, when the setting allows it.</summary>
    public void StartStandby()
    {
        if (!options.JoinStandby || Standby is not null || Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        var standby = new JoinStandby(channel, opener, fanout, options, logger);
        standby.Start();
        Volatile.Write(ref _standby, standby);
    }

    /// <summary>Runs the bridge in the background; its place (<see cref="TryReserve"/>) is given back when it ends.</summary>
    public void Start(BridgeStart start)
    {
        Interlocked.Increment(ref _started);
        Track(Task.Run(() => RunAsync(start, _stop.Token)));
    }

    /// <summary>Runs a join from the standby in the background.</summary>
    public void Start(StandbyJoinStart start)
    {
        Interlocked.Increment(ref _started);
        Interlocked.Increment(ref _fromStandby);
        Track(Task.Run(() => RunAsync(start, _stop.Token)));
    }

    private void Track(Task run)
    {
        lock (_gate)
        {
            if (!run.IsCompleted)
            {
                _running.Add(run);
            }
        }

        _ = run.ContinueWith(
            finished =>
            {
                lock (_gate)
                {
                    _running.Remove(finished);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Stops every bridge and waits until their ffmpeg children are reaped.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        Task[] running;
        lock (_gate)
        {
            running = [.. _running];
        }

        await Task.WhenAll(running);
        if (Standby is { } standby)
        {
            await standby.DisposeAsync();
        }

        _stop.Dispose();
    }

    private async Task RunAsync(StandbyJoinStart start, CancellationToken cancellationToken)
    {
        BridgeEnd end = default;
        try
        {
            end = await new StandbyJoin(fanout, start).RunAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The session stopped.
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Channel {Channel}: a join from the standby failed; the viewer starts at the next keyframe", channel.Number);
        }
        finally
        {
            start.Subscription.Dispose();
            fanout.CompleteStandbyJoin(start.Viewer, end.Junction, end.AudioFloor);
        }
    }

    private async Task RunAsync(BridgeStart start, CancellationToken cancellationToken)
    {
        BridgeEnd end = default;
        try
        {
            end = await new JoinBridge(channel, opener, fanout, start, StallLimit).RunAsync(cancellationToken);
            if (end.Junction is null && !cancellationToken.IsCancellationRequested && start.Viewer.EndReason is null)
            {
                logger.LogDebug("Channel {Channel}: a join bridge ended without reaching a keyframe; the viewer starts at the next one", channel.Number);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The session stopped.
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Channel {Channel}: a join bridge failed; the viewer starts at the next keyframe", channel.Number);
        }
        finally
        {
            opener.ReleaseBridge();
            fanout.CompleteBridge(start, end.Junction, end.AudioFloor);
        }
    }
}

/// <summary>Where a bridge handed over: the shared keyframe its viewer continues from, and the audio it already has.</summary>
public readonly record struct BridgeEnd(long? Junction, long? AudioFloor);

/// <summary>One viewer's bridge: feeds the backlog and the live tap to ffmpeg, and remuxes its output to the viewer.</summary>
internal sealed class JoinBridge(PlayoutChannel channel, FeedOpener opener, ViewerFanout fanout, BridgeStart start, TimeSpan stallLimit)
{
    /// <summary>One AAC frame at 48 kHz: the next audio frame the viewer needs starts this far after the bridge's last.</summary>
    internal const long AacFrameTicks = 1_920;

    private readonly TaskCompletionSource<TsChunk?> _junction = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<BridgeEnd> RunAsync(CancellationToken cancellationToken)
    {
        var viewer = start.Viewer;
        var process = opener.StartJoinBridge(channel, WrappingClock.Raw(start.Present) / 90_000.0);
        await using var feed = ItemFeed.FromProcess(process, stallLimit, stallLimit);
        using var feeding = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var feeder = FeedAsync(process.Input, feeding.Token);
        try
        {
            var head = await feed.ReadHeadAsync(cancellationToken);
            if (head is null)
            {
                return default;
            }

            var muxer = new ChannelMuxer(channel.Name, channel.Profile.FrameRate);
            muxer.BeginItem(head, head.FirstVideoPts, long.MaxValue);
            var chunks = new ChunkAssembler(chunk => viewer.Offer(chunk) ? 0 : 1);
            var scratch = new byte[ChannelMuxer.MaxPacketsPerInput * TsPacket.Size];
            var cut = false;
            while (!cut && viewer.EndReason is null)
            {
                var block = await feed.ReadAsync(cancellationToken);
                if (block.IsEmpty)
                {
                    break;
                }

                for (var offset = 0; offset < block.Length; offset += TsPacket.Size)
                {
                    var packet = block.Slice(offset, TsPacket.Size);
                    if (TsPacket.Pid(packet.Span) == head.VideoPid && TsPacket.PtsOffset(packet.Span, out _) is var at and >= 0
                        && await ReachesJunctionAsync(TsPacket.ReadTimestamp(packet.Span[at..]), cancellationToken))
                    {
                        cut = true;
                        break;
                    }

                    var result = muxer.Remux(packet.Span, scratch);
                    if (result.Packets > 0 && chunks.Append(result, scratch, muxer.LastPcr ?? 0) > 0)
                    {
                        return default;
                    }
                }

                if (chunks.Flush() > 0)
                {
                    return default;
                }
            }

            if (!_junction.Task.IsCompletedSuccessfully || _junction.Task.Result is not { } junction)
            {
                return default;
            }

            var floor = muxer.LastAudioPts is { } audio ? WrappingClock.Raw(audio + AacFrameTicks) : (long?)null;
            return new BridgeEnd(junction.Clock, floor);
        }
        finally
        {
            await feeding.CancelAsync();
            try
            {
                await feeder;
            }
            catch (OperationCanceledException)
            {
                // Stopped feeding: the bridge is over.
            }
        }
    }

    /// <summary>
    /// Whether the bridge's video frame with <paramref name="pts"/> would reach the shared stream's next keyframe, whose
    /// decode time the viewer continues from. Until that keyframe is known, a frame is released only while the live
    /// stream is past it (any later keyframe decodes after it), so the bridge never outruns the channel.
    /// </summary>
    private async Task<bool> ReachesJunctionAsync(long pts, CancellationToken cancellationToken)
    {
        while (!_junction.Task.IsCompleted)
        {
            var published = fanout.NextPublishAsync();
            if (fanout.LiveClock is { } live && WrappingClock.IsBefore(pts, WrappingClock.Raw(live)))
            {
                return false;
            }

            await Task.WhenAny(published, _junction.Task).WaitAsync(cancellationToken);
        }

        if (await _junction.Task is not { } junction)
        {
            // The feed ended without a keyframe (the channel stopped, or the bridge fell behind): no junction to reach.
            return false;
        }

        var decodeTime = junction.FirstVideoDecodeTime() ?? WrappingClock.Raw(junction.Clock);
        return !WrappingClock.IsBefore(pts, decodeTime);
    }

    /// <summary>Writes the backlog, then the live chunks, to ffmpeg until the first keyframe after the present, which it keeps back.</summary>
    private async Task FeedAsync(Stream input, CancellationToken cancellationToken)
    {
        TsChunk? junction = null;
        try
        {
            foreach (var chunk in start.Backlog)
            {
                if (IsJunction(chunk))
                {
                    junction = chunk;
                    return;
                }

                await input.WriteAsync(chunk.Data, cancellationToken);
            }

            await foreach (var chunk in start.Tap.Queue.Reader.ReadAllAsync(cancellationToken))
            {
                if (IsJunction(chunk))
                {
                    junction = chunk;
                    return;
                }

                await input.WriteAsync(chunk.Data, cancellationToken);
            }
        }
        catch (IOException)
        {
            // ffmpeg went away; the pump sees its output end.
        }
        finally
        {
            _junction.TrySetResult(junction);
            try
            {
                await input.DisposeAsync();
            }
            catch (IOException)
            {
                // Already closed by ffmpeg's exit.
            }
        }
    }

    private bool IsJunction(TsChunk chunk) => chunk.StartsKeyframe && chunk.Clock > start.Present;
}

/// <summary>
/// One viewer's join from the channel's standby: the standby's output from its keyframe nearest the present, cut
/// before the decode time of the shared stream's next keyframe, where the viewer continues with the shared stream.
/// </summary>
internal sealed class StandbyJoin(ViewerFanout fanout, StandbyJoinStart start)
{
    public async Task<BridgeEnd> RunAsync(CancellationToken cancellationToken)
    {
        var viewer = start.Viewer;
        long? junction = null;
        long? junctionDecodeTime = null;
        long? lastAudio = null;
        await foreach (var chunk in start.Subscription.ReadAllAsync(cancellationToken))
        {
            if (viewer.EndReason is not null)
            {
                return default;
            }

            // The standby re-encodes what the channel has already published, so by the time it reaches the shared
            // stream's next keyframe, that keyframe is in the history.
            if (junction is null && fanout.KeyframeAfter(start.Present) is { } keyframe)
            {
                junction = keyframe.Clock;
                junctionDecodeTime = keyframe.FirstVideoDecodeTime() ?? WrappingClock.Raw(keyframe.Clock);
            }

            var data = chunk.Data.Span;
            var cut = data.Length;
            for (var at = 0; at + TsPacket.Size <= data.Length; at += TsPacket.Size)
            {
                var packet = data.Slice(at, TsPacket.Size);
                if (TsPacket.PtsOffset(packet, out _) is not (var offset and >= 0))
                {
                    continue;
                }

                var pts = TsPacket.ReadTimestamp(packet[offset..]);
                var pid = TsPacket.Pid(packet);
                if (pid == PsiTables.VideoPid && junctionDecodeTime is { } decodeTime && !WrappingClock.IsBefore(pts, decodeTime))
                {
                    cut = at;
                    break;
                }

                if (pid == PsiTables.AudioPid)
                {
                    lastAudio = pts;
                }
            }

            if (cut > 0 && !viewer.Offer(cut == data.Length ? chunk : new TsChunk(data[..cut].ToArray(), cut, chunk.StartsKeyframe, chunk.Clock)))
            {
                return default;
            }

            if (cut < data.Length)
            {
                return new BridgeEnd(junction, lastAudio is { } audio ? WrappingClock.Raw(audio + JoinBridge.AacFrameTicks) : null);
            }
        }

        // The standby stopped, or this join fell too far behind it.
        return default;
    }
}
