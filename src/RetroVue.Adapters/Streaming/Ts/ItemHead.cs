namespace RetroVue.Adapters.Streaming.Ts;

/// <summary>
/// What the start of one ffmpeg output holds: its elementary PIDs (from its PAT/PMT) and the first timestamps of each,
/// which fix how far its clock is shifted to continue the channel's.
/// </summary>
public sealed record ItemHead(int VideoPid, int AudioPid, long FirstVideoPts, long FirstVideoDts, long? FirstAudioPts, long? FirstPcr);

/// <summary>
/// Reads ffmpeg's PAT and PMT and the first PTS/DTS/PCR from the packets at the start of an item.
/// Feed packets in order until <see cref="IsComplete"/>; <see cref="Result"/> is then ready.
/// </summary>
public sealed class ItemHeadScanner
{
    private const byte H264 = 0x1B;
    private const int NoPid = -1;

    private int _pmtPid = NoPid;
    private int _videoPid = NoPid;
    private int _audioPid = NoPid;
    private bool _pmtSeen;
    private long? _videoPts;
    private long? _videoDts;
    private long? _audioPts;
    private long? _pcr;

    /// <summary>Every first timestamp is known (audio only when the PMT lists audio).</summary>
    public bool IsComplete => _pmtSeen && _videoPts is not null && _pcr is not null && (_audioPid == NoPid || _audioPts is not null);

    /// <summary>The head as far as it is known: null while no video timestamp has been seen.</summary>
    public ItemHead? Result => _pmtSeen && _videoPts is { } pts
        ? new ItemHead(_videoPid, _audioPid, pts, _videoDts ?? pts, _audioPts, _pcr)
        : null;

    public void Observe(ReadOnlySpan<byte> packet)
    {
        var pid = TsPacket.Pid(packet);
        if (pid == 0 && _pmtPid == NoPid)
        {
            ReadPat(packet);
        }
        else if (pid == _pmtPid && !_pmtSeen)
        {
            ReadPmt(packet);
        }
        else if (_pmtSeen && pid == _videoPid)
        {
            if (_pcr is null && TsPacket.HasPcr(packet))
            {
                _pcr = TsPacket.PcrBase(packet);
            }

            if (_videoPts is null && TsPacket.PtsOffset(packet, out var hasDts) is var at and >= 0)
            {
                _videoPts = TsPacket.ReadTimestamp(packet[at..]);
                _videoDts = hasDts ? TsPacket.ReadTimestamp(packet[(at + 5)..]) : _videoPts;
            }
        }
        else if (_pmtSeen && pid == _audioPid && _audioPts is null && TsPacket.PtsOffset(packet, out _) is var audioAt and >= 0)
        {
            _audioPts = TsPacket.ReadTimestamp(packet[audioAt..]);
        }
    }

    private static ReadOnlySpan<byte> Section(ReadOnlySpan<byte> packet)
    {
        if (!TsPacket.PayloadUnitStart(packet) || TsPacket.PayloadOffset(packet) is not (>= 0 and var offset))
        {
            return [];
        }

        var start = offset + 1 + packet[offset];
        if (start + 3 > TsPacket.Size)
        {
            return [];
        }

        var length = ((packet[start + 1] & 0x0F) << 8) | packet[start + 2];
        return start + 3 + length <= TsPacket.Size ? packet.Slice(start, 3 + length) : [];
    }

    private void ReadPat(ReadOnlySpan<byte> packet)
    {
        var section = Section(packet);
        // Programs start after the 8-byte header and end before the CRC; program 0 is the network PID.
        for (var i = 8; i + 4 <= section.Length - 4; i += 4)
        {
            var program = TsPacket.ReadUInt16(section[i..]);
            if (program != 0)
            {
                _pmtPid = TsPacket.ReadUInt16(section[(i + 2)..]) & 0x1FFF;
                return;
            }
        }
    }

    private void ReadPmt(ReadOnlySpan<byte> packet)
    {
        var section = Section(packet);
        if (section.Length < 16 || section[0] != 0x02)
        {
            return;
        }

        var infoLength = TsPacket.ReadUInt16(section[10..]) & 0x0FFF;
        for (var i = 12 + infoLength; i + 5 <= section.Length - 4;)
        {
            var type = section[i];
            var pid = TsPacket.ReadUInt16(section[(i + 1)..]) & 0x1FFF;
            var esInfo = TsPacket.ReadUInt16(section[(i + 3)..]) & 0x0FFF;
            if (type == H264 && _videoPid == NoPid)
            {
                _videoPid = pid;
            }
            else if (type is 0x0F or 0x11 && _audioPid == NoPid)
            {
                _audioPid = pid;
            }

            i += 5 + esInfo;
        }

        _pmtSeen = _videoPid != NoPid;
    }
}
