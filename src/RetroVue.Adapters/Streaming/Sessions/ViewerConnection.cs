using System.Threading.Channels;
using RetroVue.Adapters.Streaming.Ts;

namespace RetroVue.Adapters.Streaming.Sessions;

/// <summary>
/// One viewer of a channel: a queue of chunks the HTTP response drains, bounded in bytes. A viewer whose queue is
/// full is dropped rather than slowing the channel or growing memory.
/// </summary>
public sealed class ViewerConnection
{
    private readonly Channel<QueuedChunk> _queue = Channel.CreateUnbounded<QueuedChunk>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly long _maxQueuedBytes;
    private long _queuedBytes;
    private long _bytesSent;
    private byte[]? _stamped;

    public ViewerConnection(long maxQueuedBytes, DateTimeOffset connectedAt)
    {
        _maxQueuedBytes = maxQueuedBytes;
        ConnectedAt = connectedAt;
    }

    public Guid Id { get; } = Guid.NewGuid();

    public DateTimeOffset ConnectedAt { get; }

    /// <summary>Set once the viewer has received its first keyframe; before that, chunks are skipped.</summary>
    internal bool Started { get; set; }

    /// <summary>While a join bridge feeds the viewer, the shared chunks wait in the history for the bridge's end.</summary>
    internal bool Bridging { get; set; }

    /// <summary>For a viewer that joined through a bridge: its own continuity counters, applied to everything it is sent.</summary>
    internal ContinuityStamper? Stamper { get; set; }

    /// <summary>Why the viewer's stream ended from the server side, or null while it runs.</summary>
    public string? EndReason { get; private set; }

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>
    /// The next chunk to send, or null when the stream ended (channel stopped or viewer dropped). The chunk is valid
    /// until the next call (a bridged viewer's chunks are restamped into one buffer of its own).
    /// </summary>
    public async ValueTask<TsChunk?> NextAsync(CancellationToken cancellationToken)
    {
        while (await _queue.Reader.WaitToReadAsync(cancellationToken))
        {
            if (_queue.Reader.TryRead(out var queued))
            {
                var chunk = queued.Chunk;
                Interlocked.Add(ref _queuedBytes, -chunk.Length);
                if (Stamper is not { } stamper)
                {
                    return chunk;
                }

                if (queued.DropAudioBefore is { } floor)
                {
                    stamper.DropAudioBefore(floor);
                }

                return Restamp(stamper, chunk);
            }
        }

        return null;
    }

    public void CountSent(int bytes) => Interlocked.Add(ref _bytesSent, bytes);

    /// <summary>Queues a chunk; false (and the viewer is ended) when the viewer is too far behind.</summary>
    public bool Offer(TsChunk chunk) => Offer(chunk, dropAudioBefore: null);

    /// <summary>
    /// Queues the first shared chunk after a join bridge: from it on, shared audio frames that start before
    /// <paramref name="dropAudioBefore"/> (they overlap the bridge's audio) are dropped.
    /// </summary>
    internal bool Offer(TsChunk chunk, long? dropAudioBefore)
    {
        if (Interlocked.Add(ref _queuedBytes, chunk.Length) > _maxQueuedBytes)
        {
            End("the viewer could not keep up and was dropped");
            return false;
        }

        return _queue.Writer.TryWrite(new QueuedChunk(chunk, dropAudioBefore));
    }

    private TsChunk Restamp(ContinuityStamper stamper, TsChunk chunk)
    {
        if (_stamped is null || _stamped.Length < chunk.Length)
        {
            _stamped = new byte[Math.Max(chunk.Length, ChunkAssembler.ChunkPackets * TsPacket.Size)];
        }

        var length = stamper.Stamp(chunk.Data.Span, _stamped);
        return new TsChunk(_stamped, length, chunk.StartsKeyframe, chunk.Clock);
    }

    internal void End(string reason)
    {
        if (_queue.Writer.TryComplete())
        {
            EndReason = reason;
        }
    }
}

internal readonly record struct QueuedChunk(TsChunk Chunk, long? DropAudioBefore);
