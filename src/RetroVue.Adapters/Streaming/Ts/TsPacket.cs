using System.Buffers.Binary;

namespace RetroVue.Adapters.Streaming.Ts;

/// <summary>Reads and rewrites the fields of one 188-byte transport stream packet in place (ISO/IEC 13818-1, 2.4.3).</summary>
public static class TsPacket
{
    public const int Size = 188;
    public const byte SyncByte = 0x47;
    public const int NullPid = 0x1FFF;

    /// <summary>PTS, DTS and PCR base count 90 kHz ticks in 33 bits.</summary>
    public const long TimestampModulus = 1L << 33;

    public static int Pid(ReadOnlySpan<byte> packet) => ((packet[1] & 0x1F) << 8) | packet[2];

    public static void SetPid(Span<byte> packet, int pid)
    {
        packet[1] = (byte)((packet[1] & 0xE0) | ((pid >> 8) & 0x1F));
        packet[2] = (byte)pid;
    }

    public static bool PayloadUnitStart(ReadOnlySpan<byte> packet) => (packet[1] & 0x40) != 0;

    public static bool HasAdaptationField(ReadOnlySpan<byte> packet) => (packet[3] & 0x20) != 0;

    public static bool HasPayload(ReadOnlySpan<byte> packet) => (packet[3] & 0x10) != 0;

    public static int ContinuityCounter(ReadOnlySpan<byte> packet) => packet[3] & 0x0F;

    public static void SetContinuityCounter(Span<byte> packet, int counter) => packet[3] = (byte)((packet[3] & 0xF0) | (counter & 0x0F));

    /// <summary>Where the payload begins, or -1 when the packet carries none (or its adaptation field is malformed).</summary>
    public static int PayloadOffset(ReadOnlySpan<byte> packet)
    {
        if (!HasPayload(packet))
        {
            return -1;
        }

        var offset = 4;
        if (HasAdaptationField(packet))
        {
            offset += 1 + packet[4];
        }

        return offset < Size ? offset : -1;
    }

    /// <summary>The adaptation field's flag byte, or 0 when there is no adaptation field or it is empty.</summary>
    private static byte AdaptationFlags(ReadOnlySpan<byte> packet) =>
        HasAdaptationField(packet) && packet[4] > 0 ? packet[5] : (byte)0;

    /// <summary>The encoder marked this packet as the start of a random access point (a keyframe).</summary>
    public static bool RandomAccess(ReadOnlySpan<byte> packet) => (AdaptationFlags(packet) & 0x40) != 0;

    public static bool HasPcr(ReadOnlySpan<byte> packet) => (AdaptationFlags(packet) & 0x10) != 0 && packet[4] >= 7;

    /// <summary>The PCR base in 90 kHz ticks (the 27 MHz extension is left as it is when rewriting).</summary>
    public static long PcrBase(ReadOnlySpan<byte> packet) =>
        ((long)packet[6] << 25) | ((long)packet[7] << 17) | ((long)packet[8] << 9) | ((long)packet[9] << 1) | ((long)packet[10] >> 7);

    public static void SetPcrBase(Span<byte> packet, long pcrBase)
    {
        pcrBase &= TimestampModulus - 1;
        packet[6] = (byte)(pcrBase >> 25);
        packet[7] = (byte)(pcrBase >> 17);
        packet[8] = (byte)(pcrBase >> 9);
        packet[9] = (byte)(pcrBase >> 1);
        var lowBit = (int)(pcrBase & 1) << 7;
        packet[10] = (byte)(lowBit | (packet[10] & 0x7F));
    }

    /// <summary>Where a PES header's 5-byte PTS sits in this packet, or -1 when the packet starts no PES with a PTS.</summary>
    public static int PtsOffset(ReadOnlySpan<byte> packet, out bool hasDts)
    {
        hasDts = false;
        if (!PayloadUnitStart(packet))
        {
            return -1;
        }

        var payload = PayloadOffset(packet);
        if (payload < 0 || payload + 14 > Size || packet[payload] != 0 || packet[payload + 1] != 0 || packet[payload + 2] != 1)
        {
            return -1;
        }

        var flags = packet[payload + 7] >> 6;
        if ((flags & 0b10) == 0)
        {
            return -1;
        }

        hasDts = flags == 0b11 && payload + 19 <= Size;
        return payload + 9;
    }

    public static long ReadTimestamp(ReadOnlySpan<byte> field) =>
        ((long)(field[0] & 0x0E) << 29) | ((long)field[1] << 22) | ((long)(field[2] & 0xFE) << 14) | ((long)field[3] << 7) | ((long)field[4] >> 1);

    /// <summary>Writes a 33-bit timestamp, keeping the 4-bit prefix the field already has ('0010', '0011' or '0001').</summary>
    public static void WriteTimestamp(Span<byte> field, long value)
    {
        value &= TimestampModulus - 1;
        var high = (int)((value >> 29) & 0x0E);
        field[0] = (byte)((field[0] & 0xF0) | high | 1);
        field[1] = (byte)(value >> 22);
        field[2] = (byte)(((value >> 14) & 0xFE) | 1);
        field[3] = (byte)(value >> 7);
        field[4] = (byte)(((value << 1) & 0xFE) | 1);
    }

    /// <summary>
    /// True when the PES starting in this packet holds an H.264 IDR slice or SPS: a fallback for encoders that do not
    /// set random_access_indicator. Looks only at this packet, where encoders put the access unit's first NAL units.
    /// </summary>
    public static bool StartsH264Keyframe(ReadOnlySpan<byte> packet)
    {
        if (!PayloadUnitStart(packet))
        {
            return false;
        }

        var payload = PayloadOffset(packet);
        if (payload < 0 || payload + 9 > Size)
        {
            return false;
        }

        var data = packet[(payload + 9 + packet[payload + 8])..];
        for (var i = 0; i + 3 < data.Length; i++)
        {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1)
            {
                var nalType = data[i + 3] & 0x1F;
                if (nalType is 5 or 7)
                {
                    return true;
                }

                i += 2;
            }
        }

        return false;
    }

    public static ushort ReadUInt16(ReadOnlySpan<byte> data) => BinaryPrimitives.ReadUInt16BigEndian(data);
}
