using System.Text;

namespace RetroVue.Adapters.Streaming.Ts;

/// <summary>
/// The channel's own program tables, built once: PAT (program 1 -> PMT), PMT (H.264 video carrying the PCR, AAC audio)
/// and an SDT naming the service. Only their continuity counters change between repetitions.
/// </summary>
public sealed class PsiTables
{
    public const int PatPid = 0x0000;
    public const int SdtPid = 0x0011;
    public const int PmtPid = 0x1000;
    public const int VideoPid = 0x0100;
    public const int AudioPid = 0x0101;
    public const int ProgramNumber = 1;
    public const int TransportStreamId = 1;
    public const byte H264StreamType = 0x1B;
    public const byte AacAdtsStreamType = 0x0F;

    private readonly byte[] _pat;
    private readonly byte[] _pmt;
    private readonly byte[] _sdt;

    public PsiTables(string serviceName, string providerName = "RetroVue")
    {
        _pat = Packet(PatPid, BuildPat());
        _pmt = Packet(PmtPid, BuildPmt());
        _sdt = Packet(SdtPid, BuildSdt(providerName, serviceName));
    }

    /// <summary>Writes the PAT into <paramref name="destination"/> with the given continuity counter.</summary>
    public void WritePat(Span<byte> destination, int counter) => Write(_pat, destination, counter);

    public void WritePmt(Span<byte> destination, int counter) => Write(_pmt, destination, counter);

    public void WriteSdt(Span<byte> destination, int counter) => Write(_sdt, destination, counter);

    private static void Write(byte[] template, Span<byte> destination, int counter)
    {
        template.CopyTo(destination);
        TsPacket.SetContinuityCounter(destination, counter);
    }

    private static byte[] BuildPat()
    {
        List<byte> body = [(byte)(TransportStreamId >> 8), TransportStreamId & 0xFF, 0xC1, 0x00, 0x00];
        body.AddRange([(byte)(ProgramNumber >> 8), ProgramNumber & 0xFF, (byte)(0xE0 | (PmtPid >> 8)), PmtPid & 0xFF]);
        return Section(0x00, body, privateBit: false);
    }

    private static byte[] BuildPmt()
    {
        List<byte> body = [(byte)(ProgramNumber >> 8), ProgramNumber & 0xFF, 0xC1, 0x00, 0x00];
        body.AddRange([(byte)(0xE0 | (VideoPid >> 8)), VideoPid & 0xFF, 0xF0, 0x00]);
        body.AddRange([H264StreamType, (byte)(0xE0 | (VideoPid >> 8)), VideoPid & 0xFF, 0xF0, 0x00]);
        body.AddRange([AacAdtsStreamType, (byte)(0xE0 | (AudioPid >> 8)), AudioPid & 0xFF, 0xF0, 0x00]);
        return Section(0x02, body, privateBit: false);
    }

    private static byte[] BuildSdt(string provider, string service)
    {
        var providerBytes = DvbText(provider);
        var serviceBytes = DvbText(service);
        List<byte> descriptor = [0x48, (byte)(3 + providerBytes.Length + serviceBytes.Length), 0x01, (byte)providerBytes.Length];
        descriptor.AddRange(providerBytes);
        descriptor.Add((byte)serviceBytes.Length);
        descriptor.AddRange(serviceBytes);

        List<byte> body = [(byte)(TransportStreamId >> 8), TransportStreamId & 0xFF, 0xC1, 0x00, 0x00, 0xFF, 0x01, 0xFF];
        body.AddRange([(byte)(ProgramNumber >> 8), ProgramNumber & 0xFF, 0xFC]);
        // running_status 4 (running), not scrambled, then the descriptor loop length.
        body.AddRange([(byte)(0x80 | (descriptor.Count >> 8)), (byte)descriptor.Count]);
        body.AddRange(descriptor);
        return Section(0x42, body, privateBit: true);
    }

    /// <summary>DVB text (EN 300 468 annex A): plain bytes for ASCII, else the UTF-8 selector 0x15; kept short to fit one packet.</summary>
    private static byte[] DvbText(string text)
    {
        var ascii = text.All(c => c is >= ' ' and < (char)0x7F);
        var bytes = ascii ? Encoding.ASCII.GetBytes(text) : [0x15, .. Encoding.UTF8.GetBytes(text)];
        return bytes.Length <= 60 ? bytes : bytes[..60];
    }

    private static byte[] Section(byte tableId, List<byte> body, bool privateBit)
    {
        var length = body.Count + 4;
        List<byte> section = [tableId, (byte)(0x80 | (privateBit ? 0x40 : 0) | 0x30 | (length >> 8)), (byte)length];
        section.AddRange(body);
        var crc = Crc32Mpeg.Compute(section.ToArray());
        section.AddRange([(byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc]);
        return [.. section];
    }

    private static byte[] Packet(int pid, byte[] section)
    {
        var packet = new byte[TsPacket.Size];
        packet.AsSpan().Fill(0xFF);
        packet[0] = TsPacket.SyncByte;
        packet[1] = (byte)(0x40 | (pid >> 8));
        packet[2] = (byte)pid;
        packet[3] = 0x10;
        packet[4] = 0x00;
        section.CopyTo(packet, 5);
        return packet;
    }
}
