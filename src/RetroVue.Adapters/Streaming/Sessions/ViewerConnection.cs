using System.Threading.Channels;

namespace RetroVue.Adapters.Streaming.Sessions;

/// <summary>
/// One viewer of a channel: a queue of chunks the HTTP response drains, bounded in bytes. A viewer whose queue is
/// full is dropped rather than slowing the channel or growing memory.
/// </summary>
public sealed class ViewerConnection
{
    private readonly Channel<TsChunk> _queue = Channel.CreateUnbounded<TsChunk>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly long _maxQueuedBytes;
    private long _queuedBytes;
    private long _bytesSent;

    public ViewerConnection(long maxQueuedBytes, DateTimeOffset connectedAt)
    {
        _maxQueuedBytes = maxQueuedBytes;
        ConnectedAt = connectedAt;
    }

    public Guid Id { get; } = Guid.NewGuid();

    public DateTimeOffset ConnectedAt { get; }

    /// <summary>Set once the viewer has received its first keyframe; before that, chunks are skipped.</summary>
    internal bool Started { get; set; }

    /// <summary>Why the viewer's stream ended from the server side, or null while it runs.</summary>
    public string? EndReason { get; private set; }

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>The next chunk to send, or null when the stream ended (channel stopped or viewer dropped).</summary>
    public async ValueTask<TsChunk?> NextAsync(CancellationToken cancellationToken)
    {
        while (await _queue.Reader.WaitToReadAsync(cancellationToken))
        {
            if (_queue.Reader.TryRead(out var chunk))
            {
                Interlocked.Add(ref _queuedBytes, -chunk.Length);
                return chunk;
            }
        }

        return null;
    }

    public void CountSent(int bytes) => Interlocked.Add(ref _bytesSent, bytes);

    /// <summary>Queues a chunk; false (and the viewer is ended) when the viewer is too far behind.</summary>
    public bool Offer(TsChunk chunk)
    {
        if (Interlocked.Add(ref _queuedBytes, chunk.Length) > _maxQueuedBytes)
        {
            End("the viewer could not keep up and was dropped");
            return false;
        }

        return _queue.Writer.TryWrite(chunk);
    }

    internal void End(string reason)
    {
        if (_queue.Writer.TryComplete())
        {
            EndReason = reason;
        }
    }
}
