using System.Text;

namespace RetroVue.Tests.Streaming;

/// <summary>What <see cref="TsAnalyzer"/> found in a recorded transport stream.</summary>
public sealed class TsReport
{
    public int Packets { get; set; }
    public int TrailingBytes { get; set; }
    public List<string> Problems { get; } = [];
    public int SyncErrors { get; set; }
    public int ContinityErrors { get; set; }
    public int TimestampRegressions { get; set; }
    public int CrcErrors { get; set; }
    public bool StartsWithPat { get; set; }
    public bool PmtBeforeMedia { get; set; }
    public bool? FirstVideoIsKeyframe { get; set; }
    public int VideoPid { get; set; } = -1;
    public int AudioPid { get; set; } = -1;
    public string? ServiceName { get; set; }
    public int PatCount { get; set; }
    public int VideoAccessUnits { get; set; }
    public int AudioFrames { get; set; }
    public int Keyframes { get; set; }
    public long? FirstVideoPts { get; set; }
    public long? LastVideoPts { get; set; }
    public long MaxVideoDtsStep { get; set; }

    /// <summary>Every video PTS seen; sorted, the largest step is the longest freeze a viewer would see.</summary>
    public List<long> VideoPts { get; } = [];

    /// <summary>The PTS of every keyframe, in stream order.</summary>
    public List<long> KeyframePts { get; } = [];

    public long MaxVideoPtsGap
    {
        get
        {
            var sorted = VideoPts.Order().ToList();
            return sorted.Zip(sorted.Skip(1), (a, b) => b - a).DefaultIfEmpty(0).Max();
        }
    }
    public long MaxTablesGap { get; set; }

    public double VideoSeconds => FirstVideoPts is { } first && LastVideoPts is { } last ? (last - first) / 90_000.0 : 0;

    /// <summary>A one-paragraph summary for assertion messages.</summary>
    public override string ToString() =>
        $"{Packets} packets, sync {SyncErrors}, cc {ContinityErrors}, regressions {TimestampRegressions}, crc {CrcErrors}, pat-first {StartsWithPat}, " +
        $"keyframe-first {FirstVideoIsKeyframe}, video {VideoSeconds:0.00} s, max dts step {MaxVideoDtsStep}, service '{ServiceName}'; " +
        string.Join("; ", Problems.Take(10));

    public void AssertClean()
    {
        Assert.True(Packets > 0, "no packets were recorded");
        Assert.True(SyncErrors == 0 && ContinityErrors == 0 && TimestampRegressions == 0 && CrcErrors == 0, ToString());
        Assert.True(StartsWithPat, "the stream does not start with a PAT: " + ToString());
        Assert.True(PmtBeforeMedia, "media packets came before the PMT: " + ToString());
        Assert.True(FirstVideoIsKeyframe == true, "the first video access unit is not a keyframe: " + ToString());
    }
}

/// <summary>
/// Our own transport stream checker (ISO/IEC 13818-1): sync bytes, continuity counters per PID, PSI CRCs,
/// PAT/PMT before any media, monotonic DTS/PCR per PID (video PTS may reorder with B-frames), first video access
/// unit a keyframe, and the SDT's service name.
/// </summary>
public static class TsAnalyzer
{
    private const int PacketSize = 188;
    private const long Wrap = 1L << 33;

    public static TsReport Analyze(ReadOnlySpan<byte> data)
    {
        var report = new TsReport();
        var counters = new Dictionary<int, int>();
        var lastDts = new Dictionary<int, long>();
        long? lastPcr = null;
        long? lastTablesPcr = null;
        long? currentPcr = null;
        var pmtPid = -1;
        var pmtSeen = false;
        var mediaBeforePmt = false;
        var packets = data.Length / PacketSize;
        report.TrailingBytes = data.Length % PacketSize;
        for (var i = 0; i < packets; i++)
        {
            var p = data.Slice(i * PacketSize, PacketSize);
            report.Packets++;
            if (p[0] != 0x47)
            {
                report.SyncErrors++;
                report.Problems.Add($"packet {i}: no sync byte");
                continue;
            }

            var pid = ((p[1] & 0x1F) << 8) | p[2];
            var pusi = (p[1] & 0x40) != 0;
            var hasAdaptation = (p[3] & 0x20) != 0;
            var hasPayload = (p[3] & 0x10) != 0;
            var cc = p[3] & 0x0F;
            var discontinuity = hasAdaptation && p[4] > 0 && (p[5] & 0x80) != 0;
            if (i == 0)
            {
                report.StartsWithPat = pid == 0;
            }

            if (pid != 0x1FFF && hasPayload)
            {
                if (counters.TryGetValue(pid, out var previous) && !discontinuity && cc != ((previous + 1) & 0x0F))
                {
                    report.ContinityErrors++;
                    report.Problems.Add($"packet {i}: pid {pid} cc {previous} -> {cc}");
                }

                counters[pid] = cc;
            }

            var payload = 4;
            if (hasAdaptation)
            {
                payload += 1 + p[4];
                if (p[4] >= 7 && (p[5] & 0x10) != 0)
                {
                    var pcr = ((long)p[6] << 25) | ((long)p[7] << 17) | ((long)p[8] << 9) | ((long)p[9] << 1) | ((long)p[10] >> 7);
                    if (lastPcr is { } before)
                    {
                        pcr = Unwrap(pcr, before);
                        if (pcr < before)
                        {
                            report.TimestampRegressions++;
                            report.Problems.Add($"packet {i}: PCR {before} -> {pcr}");
                        }
                    }

                    lastPcr = pcr;
                    currentPcr = pcr;
                }
            }

            if (!hasPayload || payload >= PacketSize)
            {
                continue;
            }

            if (pid == 0 && pusi)
            {
                report.PatCount++;
                var section = Section(p, payload, report, i);
                if (section.Length >= 12)
                {
                    pmtPid = ((section[10] & 0x1F) << 8) | section[11];
                }

                if (currentPcr is { } at)
                {
                    if (lastTablesPcr is { } lastTables)
                    {
                        report.MaxTablesGap = Math.Max(report.MaxTablesGap, at - lastTables);
                    }

                    lastTablesPcr = at;
                }
            }
            else if (pid == pmtPid && pusi)
            {
                var section = Section(p, payload, report, i);
                ReadPmt(section, report);
                report.PmtBeforeMedia = !mediaBeforePmt;
                pmtSeen = true;
            }
            else if (pid == 0x11 && pusi)
            {
                ReadSdt(Section(p, payload, report, i), report);
            }
            else if (!pmtSeen && pid != 0x1FFF)
            {
                mediaBeforePmt = true;
                report.Problems.Add($"packet {i}: pid {pid} before the PMT");
            }
            else if (pid == report.VideoPid || pid == report.AudioPid)
            {
                if (pusi)
                {
                    ReadPes(p, payload, pid, hasAdaptation && p[4] > 0 && (p[5] & 0x40) != 0, report, lastDts, i);
                }
            }
        }

        return report;
    }

    private static long Unwrap(long value, long reference)
    {
        var baseValue = reference - (reference % Wrap);
        var candidate = baseValue + value;
        if (candidate < reference - (Wrap / 2))
        {
            candidate += Wrap;
        }
        else if (candidate > reference + (Wrap / 2))
        {
            candidate -= Wrap;
        }

        return candidate;
    }

    private static ReadOnlySpan<byte> Section(ReadOnlySpan<byte> p, int payload, TsReport report, int index)
    {
        var start = payload + 1 + p[payload];
        if (start + 3 > PacketSize)
        {
            return [];
        }

        var length = ((p[start + 1] & 0x0F) << 8) | p[start + 2];
        if (start + 3 + length > PacketSize)
        {
            return [];
        }

        var section = p.Slice(start, 3 + length);
        if (Crc(section) != 0)
        {
            report.CrcErrors++;
            report.Problems.Add($"packet {index}: bad CRC in table 0x{section[0]:X2}");
        }

        return section;
    }

    /// <summary>CRC-32/MPEG-2 over a whole section including its CRC is zero when the section is intact.</summary>
    private static uint Crc(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= (uint)b << 24;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
        }

        return crc;
    }

    private static void ReadPmt(ReadOnlySpan<byte> section, TsReport report)
    {
        if (section.Length < 16)
        {
            return;
        }

        var infoLength = ((section[10] & 0x0F) << 8) | section[11];
        for (var i = 12 + infoLength; i + 5 <= section.Length - 4;)
        {
            var type = section[i];
            var pid = ((section[i + 1] & 0x1F) << 8) | section[i + 2];
            var esInfo = ((section[i + 3] & 0x0F) << 8) | section[i + 4];
            if (type == 0x1B)
            {
                report.VideoPid = pid;
            }
            else if (type == 0x0F)
            {
                report.AudioPid = pid;
            }

            i += 5 + esInfo;
        }
    }

    private static void ReadSdt(ReadOnlySpan<byte> section, TsReport report)
    {
        // header 11 bytes, then service_id(2) flags(1) status+loop length(2), then descriptors.
        if (section.Length < 20 || section[0] != 0x42)
        {
            return;
        }

        var descriptor = section[16..];
        if (descriptor[0] != 0x48)
        {
            return;
        }

        var providerLength = descriptor[3];
        var nameLength = descriptor[4 + providerLength];
        var name = descriptor.Slice(5 + providerLength, nameLength);
        report.ServiceName = name.Length > 0 && name[0] == 0x15 ? Encoding.UTF8.GetString(name[1..]) : Encoding.ASCII.GetString(name);
    }

    private static void ReadPes(ReadOnlySpan<byte> p, int payload, int pid, bool randomAccess, TsReport report, Dictionary<int, long> lastDts, int index)
    {
        if (payload + 14 > PacketSize || p[payload] != 0 || p[payload + 1] != 0 || p[payload + 2] != 1)
        {
            report.Problems.Add($"packet {index}: PES start without a start code");
            return;
        }

        var flags = p[payload + 7] >> 6;
        if ((flags & 0b10) == 0)
        {
            return;
        }

        var pts = Timestamp(p.Slice(payload + 9, 5));
        var dts = flags == 0b11 ? Timestamp(p.Slice(payload + 14, 5)) : pts;
        if (lastDts.TryGetValue(pid, out var previous))
        {
            pts = Unwrap(pts, previous);
            dts = Unwrap(dts, previous);
            if (dts <= previous)
            {
                report.TimestampRegressions++;
                report.Problems.Add($"packet {index}: pid {pid} {(pid == report.VideoPid ? "DTS" : "PTS")} {previous} -> {dts}");
            }

            if (pid == report.VideoPid)
            {
                report.MaxVideoDtsStep = Math.Max(report.MaxVideoDtsStep, dts - previous);
            }
        }

        lastDts[pid] = dts;
        if (pid != report.VideoPid)
        {
            report.AudioFrames++;
            return;
        }

        report.VideoAccessUnits++;
        report.FirstVideoPts ??= pts;
        report.VideoPts.Add(pts);
        report.LastVideoPts = Math.Max(report.LastVideoPts ?? pts, pts);
        var keyframe = randomAccess || ContainsIdr(p[(payload + 9 + p[payload + 8])..]);
        if (keyframe)
        {
            report.Keyframes++;
            report.KeyframePts.Add(pts);
        }

        report.FirstVideoIsKeyframe ??= keyframe;
    }

    private static bool ContainsIdr(ReadOnlySpan<byte> data)
    {
        for (var i = 0; i + 3 < data.Length; i++)
        {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1 && (data[i + 3] & 0x1F) == 5)
            {
                return true;
            }
        }

        return false;
    }

    private static long Timestamp(ReadOnlySpan<byte> f) =>
        ((long)(f[0] & 0x0E) << 29) | ((long)f[1] << 22) | ((long)(f[2] & 0xFE) << 14) | ((long)f[3] << 7) | ((long)f[4] >> 1);
}
