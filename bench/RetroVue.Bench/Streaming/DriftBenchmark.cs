using System.Diagnostics;
using System.Globalization;
using RetroVue.Adapters.Media;
using RetroVue.Adapters.Streaming.Ffmpeg;
using RetroVue.Adapters.Streaming.Sessions;
using RetroVue.Adapters.Streaming.Ts;
using RetroVue.App.Streaming;
using RetroVue.Domain.Scheduling;

namespace RetroVue.Bench.Streaming;

/// <summary>
/// Drift: where items land against the timeline after hours of play. A faster-than-real-time simulation feeds the
/// real ffmpeg outputs of mixed items through <see cref="ChannelMuxer"/> over six hours of timeline (placed at their
/// instants, and the old rule "one frame after the previous item" for comparison), then a real channel run is measured
/// the same way on its recorded stream; and the longest wait for bytes when the playing ffmpeg is SIGSTOPped.
/// </summary>
internal static class DriftBenchmark
{
    private static readonly StreamingProfile Small = new(320, 180, 25, 400, 64, TranscodeMode.Auto);

    public static async Task<bool> RunAsync(IReadOnlyList<PlayoutAsset> clips, int realMinutes, CancellationToken cancellationToken)
    {
        var random = new Random(9);

        // Slot lengths off the one-second GOP grid (20-60 s plus a fraction), as real durations are.
        var items = Enumerable.Range(0, 12).Select(i => (Asset: clips[i % clips.Count], Seconds: random.Next(20, 60) + (random.Next(1, 999) / 1000.0))).ToList();
        var simulated = await SimulateAsync(items, TimeSpan.FromHours(6), cancellationToken);
        var real = realMinutes > 0 ? await RealRunAsync(items, realMinutes, cancellationToken) : 0;
        var stall = await StallTrialsAsync(clips[0], 20, cancellationToken);
        return Math.Abs(simulated) <= 0.1 && Math.Abs(real) <= 0.1 && stall <= 1.0;
    }

    /// <returns>The offset of the last item's first frame from its instant, in seconds.</returns>
    private static async Task<double> SimulateAsync(List<(PlayoutAsset Asset, double Seconds)> items, TimeSpan span, CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine($"## Drift simulation ({span.TotalHours:0} h of timeline, {items.Count} mixed items looped, real ffmpeg outputs)");
        var builder = new FfmpegCommandBuilder(EncoderSettings.Default);
        var outputs = new List<byte[]>();
        foreach (var (asset, seconds) in items)
        {
            var command = builder.ForFile(asset.FilePath, asset.Streams, TimeSpan.Zero, TimeSpan.FromSeconds(seconds), Small);
            await using var process = FfmpegProcess.Start("ffmpeg", command.Command.Arguments, new FfmpegChildren());
            var bytes = new MemoryStream();
            await process.Output.CopyToAsync(bytes, cancellationToken);
            outputs.Add(bytes.ToArray());
        }

        foreach (var placed in new[] { false, true })
        {
            var watch = Stopwatch.StartNew();
            var clock = new ChannelClock(ChannelMuxer.ClockOrigin, DateTimeOffset.UnixEpoch);
            var muxer = new ChannelMuxer("Drift", Small.FrameRate);
            var scratch = new byte[ChannelMuxer.MaxPacketsPerInput * TsPacket.Size];
            var at = DateTimeOffset.UnixEpoch;
            var worst = 0.0;
            var last = 0.0;
            var count = 0;
            for (var i = 0; at - DateTimeOffset.UnixEpoch < span; i = (i + 1) % items.Count)
            {
                var output = outputs[i];
                var end = at + TimeSpan.FromSeconds(items[i].Seconds);
                var head = Head(output);
                if (placed)
                {
                    muxer.BeginItem(head, clock.PtsAt(at), clock.PtsAt(end));
                    while (muxer.WriteSilence(scratch) > 0)
                    {
                    }
                }
                else
                {
                    muxer.BeginItem(head);
                }

                long? first = null;
                for (var offset = 0; offset + TsPacket.Size <= output.Length && !muxer.PastSeam; offset += TsPacket.Size)
                {
                    var result = muxer.Remux(output.AsSpan(offset, TsPacket.Size), scratch);
                    for (var p = 0; p < result.Packets && first is null; p++)
                    {
                        var packet = scratch.AsSpan(p * TsPacket.Size, TsPacket.Size);
                        if (TsPacket.Pid(packet) == PsiTables.VideoPid && TsPacket.PayloadUnitStart(packet) && TsPacket.PtsOffset(packet, out _) is var pts and >= 0)
                        {
                            first = TsPacket.ReadTimestamp(packet[pts..]);
                        }
                    }
                }

                last = (first!.Value - clock.PtsAt(at)) / 90_000.0;
                worst = Math.Max(worst, Math.Abs(last));
                at = end;
                count++;
            }

            Console.WriteLine($"{(placed ? "placed at instants" : "old rule (one frame after the previous item)")}: {count} items, last item's first frame {last * 1000:+0.0;-0.0} ms off its instant, worst {worst * 1000:0.0} ms (simulated in {watch.Elapsed.TotalSeconds:0.0} s)");
            if (placed)
            {
                return last;
            }
        }

        return double.NaN;
    }

    private static ItemHead Head(byte[] output)
    {
        var scanner = new ItemHeadScanner();
        for (var offset = 0; offset + TsPacket.Size <= output.Length && !scanner.IsComplete; offset += TsPacket.Size)
        {
            scanner.Observe(output.AsSpan(offset, TsPacket.Size));
        }

        return scanner.Result ?? throw new InvalidOperationException("an item without video");
    }

    /// <returns>The offset of the last item start seen from its instant (relative to the first boundary), in seconds.</returns>
    private static async Task<double> RealRunAsync(List<(PlayoutAsset Asset, double Seconds)> items, int minutes, CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine($"## Drift, real run ({minutes} min, same items, 320x180 transcoded with a 1 s GOP)");
        await using var host = await BenchHost.StartAsync(graceSeconds: 1);
        var start = DateTimeOffset.UtcNow;
        host.AddChannel("700", Small, start, items.Select(i => (i.Asset, i.Seconds)).ToList(), hours: minutes / 60.0 + 1);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var keyframes = new List<long>();
        using (var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            window.CancelAfter(TimeSpan.FromMinutes(minutes));
            try
            {
                using var response = await http.GetAsync(host.ChannelUrl("700"), HttpCompletionOption.ResponseHeadersRead, window.Token);
                await using var body = await response.Content.ReadAsStreamAsync(window.Token);
                var packet = new byte[TsPacket.Size];
                while (true)
                {
                    await body.ReadExactlyAsync(packet, window.Token);
                    if (TsPacket.Pid(packet) == PsiTables.VideoPid && TsPacket.PayloadUnitStart(packet) && TsPacket.RandomAccess(packet) && TsPacket.PtsOffset(packet, out _) is var at and >= 0)
                    {
                        keyframes.Add(TsPacket.ReadTimestamp(packet.AsSpan(at)));
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Ran long enough.
            }
        }

        await host.Sessions.StopAllAsync();

        // Transcoded items have a keyframe every second from their start: an item start is a keyframe off that grid.
        var starts = keyframes.Zip(keyframes.Skip(1), (a, b) => (Step: b - a, At: b)).Where(k => Math.Abs(k.Step - 90_000) > 1).Select(k => k.At).ToList();
        var wallStarts = new List<DateTimeOffset>();
        var wall = start;
        for (var i = 0; wall < start.AddMinutes(minutes + 60); i = (i + 1) % items.Count)
        {
            wall += TimeSpan.FromSeconds(items[i].Seconds);
            wallStarts.Add(wall);
        }

        // The first boundary after the join is the reference: which scheduled boundary it is follows from the join instant.
        var firstBoundary = wallStarts.FindIndex(w => w > start);
        var worst = 0.0;
        var last = 0.0;
        for (var n = 1; n < starts.Count; n++)
        {
            var scheduled = (wallStarts[firstBoundary + n] - wallStarts[firstBoundary]).TotalSeconds;
            last = ((starts[n] - starts[0]) / 90_000.0) - scheduled;
            worst = Math.Max(worst, Math.Abs(last));
        }

        Console.WriteLine($"{starts.Count} item starts seen; last one {last * 1000:+0.0;-0.0} ms off its instant, worst {worst * 1000:0.0} ms");
        return starts.Count > 1 ? last : double.NaN;
    }

    /// <returns>The longest wait for bytes over all trials, in seconds.</returns>
    private static async Task<double> StallTrialsAsync(PlayoutAsset clip, int trials, CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine($"## Stall: the playing ffmpeg SIGSTOPped, longest wait for bytes ({trials} trials)");
        var gaps = new List<double>();
        for (var trial = 0; trial < trials; trial++)
        {
            await using var host = await BenchHost.StartAsync(graceSeconds: 0);
            host.AddChannel("800", Small, DateTimeOffset.UtcNow, [(clip, 50.0)], hours: 1);
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            window.CancelAfter(TimeSpan.FromSeconds(10));
            var reading = ReadGapsAsync(http, host.ChannelUrl("800"), window.Token);
            await Task.Delay(TimeSpan.FromSeconds(4), cancellationToken);
            var stoppedAt = Stopwatch.GetTimestamp();
            foreach (var pid in FfmpegPids(clip.FilePath))
            {
                using var kill = Process.Start("kill", ["-STOP", pid.ToString(CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync(cancellationToken);
            }

            var (gap, after) = await reading;
            gaps.Add(gap.TotalSeconds);
            _ = stoppedAt;
            _ = after;
            await host.Sessions.StopAllAsync();
        }

        var sorted = gaps.Order().ToList();
        Console.WriteLine($"longest wait for bytes: p50 {sorted[sorted.Count / 2] * 1000:0} ms, p95 {sorted[(int)Math.Ceiling(0.95 * sorted.Count) - 1] * 1000:0} ms, max {sorted[^1] * 1000:0} ms");
        return sorted[^1];
    }

    private static async Task<(TimeSpan Longest, int Reads)> ReadGapsAsync(HttpClient http, string url, CancellationToken cancellationToken)
    {
        var longest = TimeSpan.Zero;
        var reads = 0;
        var clock = Stopwatch.StartNew();
        TimeSpan? last = null;
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[64 * 1024];
            while (await body.ReadAsync(buffer, cancellationToken) > 0)
            {
                var now = clock.Elapsed;
                if (last is { } previous && now - previous > longest)
                {
                    longest = now - previous;
                }

                last = now;
                reads++;
            }
        }
        catch (OperationCanceledException)
        {
            // Measured long enough.
        }

        return (longest, reads);
    }

    private static List<int> FfmpegPids(string file)
    {
        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        List<int> pids = [];
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline"));
                if (fields[1] == self && fields[0] != "Z" && commandLine.Contains("-pes_payload_size", StringComparison.Ordinal) && commandLine.Contains(file, StringComparison.Ordinal))
                {
                    pids.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone while we looked.
            }
        }

        return pids;
    }
}
