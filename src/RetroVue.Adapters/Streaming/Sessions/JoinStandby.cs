using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RetroVue.Adapters.Streaming.Ts;
using RetroVue.App.Streaming;

namespace RetroVue.Adapters.Streaming.Sessions;

/// <summary>
/// A channel's join standby: one ffmpeg fed the channel's own output as it is published, re-encoding it on the channel
/// clock with a keyframe every <see cref="KeyframeEvery"/>. Its output is kept for a few seconds like the shared
/// stream's, so a joining viewer starts at once from the standby keyframe nearest the present (at most half of
/// <see cref="KeyframeEvery"/> away) and switches to the shared stream at its next keyframe. A per-viewer bridge
/// costs an ffmpeg start and a decode of up to one source GOP before its first picture; the standby has paid both
/// already. It runs as long as its session; when it fails it is restarted a few times, and while it is down joins go
/// through per-viewer bridges.
/// </summary>
public sealed class JoinStandby(PlayoutChannel channel, FeedOpener opener, ViewerFanout fanout, StreamingOptions options, ILogger logger) : IAsyncDisposable
{
    /// <summary>The standby's keyframe spacing: the most a standby join can be off the present is half of it.</summary>
    public static readonly TimeSpan KeyframeEvery = TimeSpan.FromSeconds(0.2);

    /// <summary>Chunks a joining viewer may fall behind the standby before its join is given up (about 6 MB).</summary>
    private const int SubscriberCapacity = 512;

    private const int MaxFailures = 3;

    /// <summary>The standby is fed in real time once its backlog is in: this long without output means it has failed.</summary>
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>The standby starts this long after its session, so its ffmpeg takes nothing from the cold tune-in.</summary>
    private static readonly TimeSpan StartDelay = TimeSpan.FromSeconds(1);

    private readonly GopHistory _history = new(options.Burst + TimeSpan.FromSeconds(2), options.HistoryMegabytes * 1024L * 1024L);
    private readonly Lock _gate = new();
    private readonly List<Channel<TsChunk>> _subscribers = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;
    private int _started;
    private int _disposed;

    private static long MaxDistanceTicks => ChannelClock.Ticks(KeyframeEvery);

    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _run = Task.Run(() => RunAsync(_stop.Token));
        }
    }

    /// <summary>
    /// The standby's output from its kept keyframe nearest to <paramref name="present"/> (channel clock), then what it
    /// produces next; null when it has no keyframe that close (not running yet, or behind).
    /// </summary>
    public StandbySubscription? Subscribe(long present)
    {
        lock (_gate)
        {
            var around = _history.Around(present);
            if (around.DistanceFrom(present) is not { } distance || distance > MaxDistanceTicks)
            {
                return null;
            }

            var key = around switch
            {
                ({ } previous, { } next) => present - previous <= next - present ? previous : next,
                ({ } previous, null) => previous,
                _ => around.Next!.Value,
            };

            var queue = Channel.CreateBounded<TsChunk>(new BoundedChannelOptions(SubscriberCapacity) { SingleReader = true, SingleWriter = true });
            _subscribers.Add(queue);
            return new StandbySubscription(_history.FromKeyframe(key), queue, this);
        }
    }

    internal void Unsubscribe(Channel<TsChunk> queue)
    {
        lock (_gate)
        {
            _subscribers.Remove(queue);
        }

        queue.Writer.TryComplete();
    }

    /// <summary>Stops the standby and waits until its ffmpeg is reaped.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        try
        {
            await Task.Delay(StartDelay, cancellationToken);
            while (!cancellationToken.IsCancellationRequested && failures < MaxFailures)
            {
                if (!opener.TryReserveStandby())
                {
                    // Every standby place on this server is taken: joins use bridges until one is free.
                    await Task.Delay(RetryAfter * 6, cancellationToken);
                    continue;
                }

                string problem;
                try
                {
                    problem = await RunOnceAsync(cancellationToken);
                }
                finally
                {
                    opener.ReleaseStandby();
                    Reset();
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                failures++;
                logger.LogWarning("Channel {Channel}: the join standby stopped ({Problem}); joins go through bridges until it is back", channel.Number, problem);
                await Task.Delay(RetryAfter, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The session stopped.
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Channel {Channel}: the join standby failed; joins go through bridges", channel.Number);
        }
    }

    /// <returns>Why the standby stopped.</returns>
    private async Task<string> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (fanout.OpenTap() is not { } tapped)
        {
            return "the channel ended";
        }

        using var feeding = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task feeder = Task.CompletedTask;
        try
        {
            var process = opener.StartJoinStandby(channel);
            await using var feed = ItemFeed.FromProcess(process, StallLimit, StallLimit);
            feeder = FeedAsync(process.Input, tapped.Backlog, tapped.Tap, feeding.Token);
            var head = await feed.ReadHeadAsync(cancellationToken);
            if (head is null)
            {
                return "its ffmpeg produced no video";
            }

            var muxer = new ChannelMuxer(channel.Name, channel.Profile.FrameRate);
            muxer.BeginItem(head, head.FirstVideoPts, long.MaxValue);
            var chunks = new ChunkAssembler(Publish);
            var scratch = new byte[ChannelMuxer.MaxPacketsPerInput * TsPacket.Size];
            while (true)
            {
                ReadOnlyMemory<byte> block;
                try
                {
                    block = await feed.ReadAsync(cancellationToken);
                }
                catch (FeedStalledException e)
                {
                    return e.Message;
                }

                if (block.IsEmpty)
                {
                    var (exitCode, errors) = await feed.FinishAsync(cancellationToken);
                    return tapped.Tap.Queue.Reader.Completion.IsCompleted && exitCode == 0
                        ? "it fell behind the channel"
                        : $"ffmpeg exited with code {exitCode}: {errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no error message"}";
                }

                for (var offset = 0; offset < block.Length; offset += TsPacket.Size)
                {
                    var result = muxer.Remux(block.Span.Slice(offset, TsPacket.Size), scratch);
                    if (result.Packets > 0)
                    {
                        chunks.Append(result, scratch, muxer.LastPcr ?? 0);
                    }
                }

                chunks.Flush();
            }
        }
        finally
        {
            fanout.CloseTap(tapped.Tap);
            await feeding.CancelAsync();
            try
            {
                await feeder;
            }
            catch (OperationCanceledException)
            {
                // Stopped feeding with the standby.
            }
        }
    }

    /// <summary>Writes the channel's kept output from its latest keyframe, then everything it publishes, to ffmpeg.</summary>
    private static async Task FeedAsync(Stream input, IReadOnlyList<TsChunk> backlog, BridgeTap tap, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var chunk in backlog)
            {
                await input.WriteAsync(chunk.Data, cancellationToken);
            }

            await foreach (var chunk in tap.Queue.Reader.ReadAllAsync(cancellationToken))
            {
                await input.WriteAsync(chunk.Data, cancellationToken);
            }
        }
        catch (IOException)
        {
            // ffmpeg went away; the reader sees its output end.
        }
        finally
        {
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

    private int Publish(TsChunk chunk)
    {
        lock (_gate)
        {
            _history.Add(chunk);
            for (var i = _subscribers.Count - 1; i >= 0; i--)
            {
                if (!_subscribers[i].Writer.TryWrite(chunk))
                {
                    // That join cannot keep up: ending its feed hands its viewer to the shared stream's next keyframe.
                    _subscribers[i].Writer.TryComplete();
                    _subscribers.RemoveAt(i);
                }
            }
        }

        return 0;
    }

    /// <summary>The standby stopped: nothing it kept is valid for the next run, and running joins end.</summary>
    private void Reset()
    {
        lock (_gate)
        {
            _history.Clear();
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryComplete();
            }

            _subscribers.Clear();
        }
    }
}

/// <summary>A joining viewer's view of the standby: the kept output from its start keyframe, then the live output.</summary>
public sealed class StandbySubscription(IReadOnlyList<TsChunk> backlog, Channel<TsChunk> queue, JoinStandby owner) : IDisposable
{
    public async IAsyncEnumerable<TsChunk> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var chunk in backlog)
        {
            yield return chunk;
        }

        await foreach (var chunk in queue.Reader.ReadAllAsync(cancellationToken))
        {
            yield return chunk;
        }
    }

    public void Dispose() => owner.Unsubscribe(queue);
}
