using System.Buffers.Binary;

namespace RetroVue.Adapters.Streaming.Tuner;

/// <summary>One tag-length-value item of an HDHomeRun packet's payload.</summary>
public sealed record HdHomeRunTag(byte Tag, byte[] Value);

/// <summary>
/// A frame of the HDHomeRun discovery protocol (UDP 65001): packet type (uint16 big-endian), payload length
/// (uint16 big-endian), a payload of tag-length-value items, then the Ethernet CRC-32 of everything before it
/// (little-endian). A TLV length below 128 is one byte; longer lengths take two bytes, the low seven bits first
/// with the high bit set, then the rest.
/// </summary>
public sealed record HdHomeRunPacket(ushort Type, IReadOnlyList<HdHomeRunTag> Tags)
{
    public const ushort DiscoverRequest = 0x0002;
    public const ushort DiscoverReply = 0x0003;

    public const byte TagDeviceType = 0x01;
    public const byte TagDeviceId = 0x02;
    public const byte TagTunerCount = 0x10;
    public const byte TagLineupUrl = 0x27;
    public const byte TagBaseUrl = 0x2A;
    public const byte TagDeviceAuth = 0x2B;

    /// <summary>Several device types in one value (4 bytes each): newer clients ask for more than one type at once.</summary>
    public const byte TagMultiType = 0x2D;

    public const uint DeviceTypeTuner = 0x00000001;
    public const uint Wildcard = 0xFFFFFFFF;

    /// <summary>The largest frame the protocol sends (one Ethernet payload).</summary>
    public const int MaxLength = 1460;

    private const int HeaderLength = 4;
    private const int CrcLength = 4;
    private const int MaxTlvLength = 0x3FFF;

    /// <summary>The values of every item with <paramref name="tag"/>, in order.</summary>
    public IEnumerable<byte[]> Values(byte tag) => Tags.Where(t => t.Tag == tag).Select(t => t.Value);

    /// <summary>Reads a datagram; null (with the reason) when it is not exactly one well-formed frame with a valid CRC.</summary>
    public static HdHomeRunPacket? TryParse(ReadOnlySpan<byte> datagram, out string problem)
    {
        if (datagram.Length < HeaderLength + CrcLength)
        {
            problem = $"{datagram.Length} bytes is shorter than a frame";
            return null;
        }

        var payloadLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if (datagram.Length != HeaderLength + payloadLength + CrcLength)
        {
            problem = $"payload length {payloadLength} does not fit the {datagram.Length}-byte datagram";
            return null;
        }

        var framed = datagram[..(HeaderLength + payloadLength)];
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(datagram[framed.Length..]);
        if (crc != Crc32.Compute(framed))
        {
            problem = "bad CRC";
            return null;
        }

        var tags = new List<HdHomeRunTag>();
        var payload = framed[HeaderLength..];
        while (!payload.IsEmpty)
        {
            if (ReadTag(ref payload) is not { } tag)
            {
                problem = "a tag runs past the end of the payload";
                return null;
            }

            tags.Add(tag);
        }

        problem = string.Empty;
        return new HdHomeRunPacket(BinaryPrimitives.ReadUInt16BigEndian(datagram), tags);
    }

    public byte[] Encode()
    {
        var payloadLength = Tags.Sum(t => 1 + (t.Value.Length < 0x80 ? 1 : 2) + t.Value.Length);
        if (Tags.Any(t => t.Value.Length > MaxTlvLength) || HeaderLength + payloadLength + CrcLength > MaxLength)
        {
            throw new InvalidOperationException($"An HDHomeRun frame holds at most {MaxLength} bytes.");
        }

        var frame = new byte[HeaderLength + payloadLength + CrcLength];
        BinaryPrimitives.WriteUInt16BigEndian(frame, Type);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)payloadLength);
        var at = HeaderLength;
        foreach (var tag in Tags)
        {
            frame[at++] = tag.Tag;
            if (tag.Value.Length < 0x80)
            {
                frame[at++] = (byte)tag.Value.Length;
            }
            else
            {
                frame[at++] = (byte)(0x80 | (tag.Value.Length & 0x7F));
                frame[at++] = (byte)(tag.Value.Length >> 7);
            }

            tag.Value.CopyTo(frame, at);
            at += tag.Value.Length;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(at), Crc32.Compute(frame.AsSpan(0, at)));
        return frame;
    }

    public static HdHomeRunTag UInt32Tag(byte tag, uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new HdHomeRunTag(tag, bytes);
    }

    /// <summary>The next item, consumed from <paramref name="payload"/>; null when it runs past the end.</summary>
    private static HdHomeRunTag? ReadTag(ref ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 2)
        {
            return null;
        }

        var length = payload[1] & 0x7F;
        var headerLength = 2;
        if ((payload[1] & 0x80) != 0)
        {
            if (payload.Length < 3)
            {
                return null;
            }

            length |= payload[2] << 7;
            headerLength = 3;
        }

        if (payload.Length < headerLength + length)
        {
            return null;
        }

        var tag = new HdHomeRunTag(payload[0], payload.Slice(headerLength, length).ToArray());
        payload = payload[(headerLength + length)..];
        return tag;
    }
}

/// <summary>The Ethernet (IEEE 802.3) CRC-32: reflected polynomial 0xEDB88320, all-ones start and final inversion.</summary>
public static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var bit = 0; bit < 8; bit++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
