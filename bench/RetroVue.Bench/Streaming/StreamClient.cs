using System.Diagnostics;

namespace RetroVue.Bench.Streaming;

/// <summary>
/// A viewer as the benchmark sees it: reads a channel over HTTP and checks the packets as they arrive, counting
/// continuity errors and timestamp regressions, noting when the first byte and the first keyframe arrived and
/// how much video (by PTS) it received.
/// </summary>
internal sealed class StreamClient
{
    private const int VideoPid = 0x100;
    private readonly Dictionary<int, int> _counters = [];
    private readonly Dictionary<int, long> _lastDts = [];
    private readonly byte[] _partial = new byte[188];
    private int _partialLength;
    private long? _lastPcr;

    public TimeSpan? FirstByte { get; private set; }
    public TimeSpan? FirstKeyframe { get; private set; }
    public long Bytes { get; private set; }
    public int ContinuityErrors { get; private set; }
    public int TimestampRegressions { get; private set; }
    public int SyncErrors { get; private set; }
    public long? FirstVideoPts { get; private set; }
    public long? LastVideoPts { get; private set; }

    /// <summary>The first keyframe's PTS, for join accuracy.</summary>
    public long? KeyframePts { get; private set; }

    public double VideoSeconds => FirstVideoPts is { } first && LastVideoPts is { } last ? (last - first) / 90_000.0 : 0;

    public static async Task<StreamClient> ReadAsync(HttpClient http, string url, Func<StreamClient, bool> done, CancellationToken cancellationToken)
    {
        var client = new StreamClient();
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                client.FirstByte ??= clock.Elapsed;
                client.Consume(buffer.AsSpan(0, read), clock.Elapsed);
                if (done(client))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The measurement window ended.
        }

        return client;
    }

    private void Consume(ReadOnlySpan<byte> data, TimeSpan now)
    {
        Bytes += data.Length;
        if (_partialLength > 0)
        {
            var take = Math.Min(188 - _partialLength, data.Length);
            data[..take].CopyTo(_partial.AsSpan(_partialLength));
            _partialLength += take;
            data = data[take..];
            if (_partialLength < 188)
            {
                return;
            }

            Packet(_partial, now);
            _partialLength = 0;
        }

        while (data.Length >= 188)
        {
            Packet(data[..188], now);
            data = data[188..];
        }

        data.CopyTo(_partial);
        _partialLength = data.Length;
    }

    private void Packet(ReadOnlySpan<byte> p, TimeSpan now)
    {
        if (p[0] != 0x47)
        {
            SyncErrors++;
            return;
        }

        var pid = ((p[1] & 0x1F) << 8) | p[2];
        var adaptation = (p[3] & 0x20) != 0;
        var payload = (p[3] & 0x10) != 0;
        var cc = p[3] & 0x0F;
        if (payload && pid != 0x1FFF)
        {
            if (_counters.TryGetValue(pid, out var previous) && cc != ((previous + 1) & 0x0F))
            {
                ContinuityErrors++;
            }

            _counters[pid] = cc;
        }

        var offset = 4;
        var randomAccess = false;
        if (adaptation)
        {
            offset += 1 + p[4];
            if (p[4] > 0)
            {
                randomAccess = (p[5] & 0x40) != 0;
                if (p[4] >= 7 && (p[5] & 0x10) != 0)
                {
                    var pcr = ((long)p[6] << 25) | ((long)p[7] << 17) | ((long)p[8] << 9) | ((long)p[9] << 1) | ((long)p[10] >> 7);
                    if (_lastPcr is { } last && pcr < last)
                    {
                        TimestampRegressions++;
                    }

                    _lastPcr = pcr;
                }
            }
        }

        if ((p[1] & 0x40) == 0 || !payload || offset + 14 > 188 || p[offset] != 0 || p[offset + 1] != 0 || p[offset + 2] != 1 || (p[offset + 7] & 0x80) == 0)
        {
            return;
        }

        var pts = Timestamp(p.Slice(offset + 9, 5));
        var dts = (p[offset + 7] & 0x40) != 0 ? Timestamp(p.Slice(offset + 14, 5)) : pts;
        if (_lastDts.TryGetValue(pid, out var lastDts) && dts <= lastDts)
        {
            TimestampRegressions++;
        }

        _lastDts[pid] = dts;
        if (pid != VideoPid)
        {
            return;
        }

        if (randomAccess && FirstKeyframe is null)
        {
            FirstKeyframe = now;
            KeyframePts = pts;
        }

        FirstVideoPts ??= pts;
        LastVideoPts = Math.Max(LastVideoPts ?? pts, pts);
    }

    private static long Timestamp(ReadOnlySpan<byte> f) =>
        ((long)(f[0] & 0x0E) << 29) | ((long)f[1] << 22) | ((long)(f[2] & 0xFE) << 14) | ((long)f[3] << 7) | ((long)f[4] >> 1);
}
