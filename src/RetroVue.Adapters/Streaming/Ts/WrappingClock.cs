namespace RetroVue.Adapters.Streaming.Ts;

/// <summary>Arithmetic on 33-bit PTS/DTS/PCR values as they appear in packets, which wrap every 26.5 hours.</summary>
public static class WrappingClock
{
    private const long HalfRange = TsPacket.TimestampModulus / 2;

    /// <summary>The value a packet carries for a channel clock that never wraps.</summary>
    public static long Raw(long unwrapped) => unwrapped & (TsPacket.TimestampModulus - 1);

    /// <summary><paramref name="a"/> - <paramref name="b"/>, taken the short way round the wrap.</summary>
    public static long Difference(long a, long b)
    {
        var delta = (Raw(a) - Raw(b)) % TsPacket.TimestampModulus;
        if (delta >= HalfRange)
        {
            delta -= TsPacket.TimestampModulus;
        }
        else if (delta < -HalfRange)
        {
            delta += TsPacket.TimestampModulus;
        }

        return delta;
    }

    public static bool IsBefore(long a, long b) => Difference(a, b) < 0;
}
