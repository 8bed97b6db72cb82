using RetroVue.Adapters.Streaming.Ts;

namespace RetroVue.Adapters.Streaming.Sessions;

/// <summary>
/// A run of the channel's output packets, shared read-only by every viewer. A chunk that starts a keyframe begins
/// with PAT and PMT, so a viewer can start with it.
/// </summary>
public sealed class TsChunk(byte[] data, int length, bool startsKeyframe, long clock)
{
    public ReadOnlyMemory<byte> Data { get; } = data.AsMemory(0, length);

    public bool StartsKeyframe { get; } = startsKeyframe;

    /// <summary>The channel clock (PCR, 90 kHz) at the chunk's start.</summary>
    public long Clock { get; } = clock;

    public int Length => Data.Length;

    /// <summary>The decode timestamp (33-bit; the PTS when there is no DTS) of the first video frame starting in this chunk.</summary>
    public long? FirstVideoDecodeTime()
    {
        var span = Data.Span;
        for (var at = 0; at + TsPacket.Size <= span.Length; at += TsPacket.Size)
        {
            var packet = span.Slice(at, TsPacket.Size);
            if (TsPacket.Pid(packet) == PsiTables.VideoPid && TsPacket.PtsOffset(packet, out var hasDts) is var pts and >= 0)
            {
                return TsPacket.ReadTimestamp(packet[(hasDts ? pts + 5 : pts)..]);
            }
        }

        return null;
    }
}
