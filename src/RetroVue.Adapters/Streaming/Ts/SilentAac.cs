namespace RetroVue.Adapters.Streaming.Ts;

/// <summary>
/// One silent AAC-LC frame (1024 samples, 48 kHz, stereo) in ADTS, built bit by bit rather than encoded: a channel pair
/// element whose two channels have no scale-factor bands (max_sfb = 0), so every spectral line is zero, then the end
/// element. Any AAC decoder plays it as 21.3 ms of silence; it fills holes in the channel's audio PID.
/// </summary>
public static class SilentAac
{
    /// <summary>ADTS header (7 bytes, no CRC) and the 7-byte raw data block.</summary>
    public static ReadOnlySpan<byte> AdtsFrame => [
        // Sync 0xFFF, MPEG-4, layer 0, no CRC | LC, 48 kHz (index 3), stereo, frame length 14, buffer fullness 0x7FF, one block.
        0xFF, 0xF1, 0x4C, 0x80, 0x01, 0xDF, 0xFC,
        // CPE tag 0, no common window; per channel: global gain 0, long window, max_sfb 0, no pulse/TNS/gain control; END.
        0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0E,
    ];

    /// <summary>Writes one transport packet carrying a silent frame with <paramref name="pts"/> on <paramref name="pid"/>.</summary>
    public static void WritePacket(Span<byte> packet, int pid, int continuityCounter, long pts)
    {
        var frame = AdtsFrame;
        const int PesHeader = 14;
        var payload = PesHeader + frame.Length;
        var adaptation = TsPacket.Size - 4 - payload;
        packet[0] = TsPacket.SyncByte;
        packet[1] = (byte)(0x40 | ((pid >> 8) & 0x1F));
        packet[2] = (byte)pid;
        packet[3] = (byte)(0x30 | (continuityCounter & 0x0F));
        packet[4] = (byte)(adaptation - 1);
        packet[5] = 0x00;
        packet.Slice(6, adaptation - 2).Fill(0xFF);
        var pes = packet[(4 + adaptation)..];
        pes[0] = 0x00;
        pes[1] = 0x00;
        pes[2] = 0x01;
        pes[3] = 0xC0;
        var length = 3 + 5 + frame.Length;
        pes[4] = (byte)(length >> 8);
        pes[5] = (byte)length;
        pes[6] = 0x80;
        pes[7] = 0x80;
        pes[8] = 0x05;
        pes[9] = 0x20;
        TsPacket.WriteTimestamp(pes[9..], pts);
        frame.CopyTo(pes[PesHeader..]);
    }
}
