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
}
