using RetroVue.Adapters.Streaming.Ts;

namespace RetroVue.Adapters.Streaming.Sessions;

/// <summary>
/// Groups the muxer's output packets into chunks of up to <see cref="ChunkPackets"/> packets, each keyframe starting
/// a new chunk (so a viewer can start with it). Chunks are allocated once and then shared read-only by every viewer.
/// </summary>
public sealed class ChunkAssembler(Func<TsChunk, int> publish)
{
    public const int ChunkPackets = 64;

    private byte[] _chunk = new byte[ChunkPackets * TsPacket.Size];
    private int _length;
    private bool _startsKeyframe;
    private long _clock;

    /// <summary>Adds the packets one remux produced (in <paramref name="packets"/>); <paramref name="clock"/> is the channel clock at them.</summary>
    /// <returns>Viewers dropped while publishing a full chunk.</returns>
    public int Append(RemuxResult result, ReadOnlySpan<byte> packets, long clock)
    {
        var bytes = result.Packets * TsPacket.Size;
        var dropped = 0;
        if (result.StartsRandomAccess || _length + bytes > _chunk.Length)
        {
            dropped = Flush();
        }

        if (_length == 0)
        {
            _startsKeyframe = result.StartsRandomAccess;
            _clock = result.Pcr ?? clock;
        }

        packets[..bytes].CopyTo(_chunk.AsSpan(_length));
        _length += bytes;
        return dropped;
    }

    /// <summary>Publishes the chunk being filled, if any; returns the viewers dropped.</summary>
    public int Flush()
    {
        if (_length == 0)
        {
            return 0;
        }

        var chunk = new TsChunk(_chunk, _length, _startsKeyframe, _clock);
        _chunk = new byte[ChunkPackets * TsPacket.Size];
        _length = 0;
        return publish(chunk);
    }
}
