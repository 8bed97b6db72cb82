using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using RetroVue.Adapters.Media;
using RetroVue.Adapters.Media.Probing;
using RetroVue.Adapters.Processes;
using RetroVue.App.Ingest;
using RetroVue.App.Streaming;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Streaming;

/// <summary>
/// The air stays on the timeline (items placed at their instants, durations that play) and a stalled or dead ffmpeg
/// never leaves viewers without bytes for long, nor puts a healthy file in the review queue.
/// </summary>
[Collection(StreamingCollection.Name)]
public sealed class DriftAndStallTests
{
    private const long OneSecond = 90_000;
    private const long OneFrame = 3_600;

    /// <summary>A copyable clip (the small profile's size, rate and audio) with one keyframe, whose audio runs longer than its video.</summary>
    private static async Task<(PlayoutAsset Asset, TimeSpan Duration)> ClipAsync(string path, double videoSeconds, double audioSeconds, string source = "testsrc2")
    {
        var made = await ProcessRunner.RunAsync(ExecutableLocator.FindOnPath("ffmpeg")!, [
            "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", $"{source}=size=320x180:rate=25:duration={videoSeconds.ToString(CultureInfo.InvariantCulture)}",
            "-f", "lavfi", "-i", $"sine=frequency=440:sample_rate=48000:duration={audioSeconds.ToString(CultureInfo.InvariantCulture)}",
            "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast", "-g", "10000", "-bf", "0", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-ac", "2", "-ar", "48000", path,
        ], TimeSpan.FromSeconds(120));
        Assert.True(made.Succeeded, made.StandardError);
        var enricher = new FfprobeEnricher(new FfmpegTools(Options.Create(new FfmpegOptions())), Options.Create(new IngestOptions()));
        var probe = await enricher.EnrichAsync(new EnrichmentRequest(Guid.NewGuid(), path), CancellationToken.None);
        return (new PlayoutAsset(Guid.NewGuid(), path, probe.Streams), probe.Duration!.Value);
    }

    [Fact]
    public async Task Items_whose_container_outlasts_their_video_start_on_their_scheduled_instants_without_accumulating()
    {
        using var media = TestMedia.CreateFolder();
        var (three, threeLength) = await ClipAsync(media.File("three.mkv"), 3, 3.5);
        var (shorter, shorterLength) = await ClipAsync(media.File("shorter.mp4"), 2.4, 2.9, "testsrc");
        Assert.Equal(3.0, threeLength.TotalSeconds, 3);
        Assert.Equal(2.4, shorterLength.TotalSeconds, 3);
        // Joins copy too (from the clip's only keyframe), so every keyframe in the stream is an item start.
        await using var harness = await StreamingHarness.StartAsync(new Dictionary<string, string?> { ["Streaming:AccurateJoins"] = "false" });
        var start = DateTimeOffset.UtcNow;
        var timeline = StreamingHarness.Timeline(start, [(three, threeLength.TotalSeconds), (shorter, shorterLength.TotalSeconds)]);
        harness.AddChannel("31", "Drift", StreamingHarness.SmallProfile, timeline, three, shorter);

        var recording = await harness.RecordAsync("31", TimeSpan.FromSeconds(16));

        var report = recording.Analyze();
        report.AssertClean();
        var keyframes = report.KeyframePts;
        var boundaries = timeline.Where(e => e.Start > start).Select(e => e.Start).ToList();
        Assert.True(keyframes.Count >= 6, $"only {keyframes.Count} item starts: " + report);
        for (var n = 2; n < keyframes.Count; n++)
        {
            var scheduled = (long)Math.Round((boundaries[n - 1] - boundaries[0]).TotalSeconds * OneSecond);
            var placed = keyframes[n] - keyframes[1];
            Assert.True(Math.Abs(placed - scheduled) <= OneFrame, $"item {n} starts {(placed - scheduled) / 90.0:0.0} ms off its instant");
        }

        Assert.Empty(harness.Faults.Faults);
    }

    [Theory]
    [InlineData("STOP")]
    [InlineData("KILL")]
    public async Task An_ffmpeg_stopped_or_killed_mid_item_is_bridged_by_the_slate_within_two_seconds_and_the_healthy_file_is_not_reported(string signal)
    {
        using var media = TestMedia.CreateFolder();
        var (clip, length) = await ClipAsync(media.File("long.mkv"), 20, 20);
        await using var harness = await StreamingHarness.StartAsync();
        harness.AddChannel("32", "Stalls", StreamingHarness.SmallProfile, StreamingHarness.Timeline(DateTimeOffset.UtcNow, [(clip, length.TotalSeconds)], loops: 3), clip);

        var recording = GapRecorder.RecordAsync(harness.ChannelUrl("32"), TimeSpan.FromSeconds(12));
        await StreamingHarness.WaitUntilAsync(() => harness.Sessions.Sessions() is [{ Viewers: 1 }], TimeSpan.FromSeconds(20), "the viewer is attached");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var pid = Assert.Single(StreamingFfmpegPids(clip.FilePath));
        var sent = await ProcessRunner.RunAsync("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        Assert.True(sent.Succeeded, sent.StandardError);
        var (bytes, longestGap) = await recording;

        TsAnalyzer.Analyze(bytes).AssertClean();
        Assert.True(longestGap < TimeSpan.FromSeconds(2), $"a viewer waited {longestGap.TotalMilliseconds:0} ms for bytes");
        Assert.True(harness.Sessions.Sessions().Single().SlateInsertions >= 1);
        Assert.Empty(harness.Faults.Faults);
        Assert.DoesNotContain(pid, StreamingFfmpegPids(clip.FilePath));
    }

    [Fact]
    public async Task A_file_that_fails_again_when_resumed_is_reported_once_and_the_stream_goes_on()
    {
        using var media = TestMedia.CreateFolder();
        var (clip, length) = await ClipAsync(media.File("cut.mkv"), 16, 16);
        var (good, goodLength) = await ClipAsync(media.File("good.mkv"), 4, 4);
        await using (var cut = new FileStream(clip.FilePath, FileMode.Open, FileAccess.Write))
        {
            cut.SetLength(cut.Length / 3);
        }

        await using var harness = await StreamingHarness.StartAsync();
        harness.AddChannel("33", "Fails", StreamingHarness.SmallProfile, StreamingHarness.Timeline(DateTimeOffset.UtcNow, [(clip, length.TotalSeconds), (good, goodLength.TotalSeconds)]), clip, good);

        var (bytes, longestGap) = await GapRecorder.RecordAsync(harness.ChannelUrl("33"), TimeSpan.FromSeconds(14));

        var report = TsAnalyzer.Analyze(bytes);
        report.AssertClean();
        Assert.True(report.VideoSeconds > 14, "the stream stopped: " + report);
        Assert.True(longestGap < TimeSpan.FromSeconds(2), $"a viewer waited {longestGap.TotalMilliseconds:0} ms for bytes");
        var fault = Assert.Single(harness.Faults.Faults);
        Assert.Equal(clip.Id, fault.AssetId);
    }

    /// <summary>Process ids of this test process's streaming ffmpeg children reading <paramref name="file"/>, from /proc.</summary>
    private static List<int> StreamingFfmpegPids(string file)
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
                // The process ended while we looked.
            }
        }

        return pids;
    }
}

/// <summary>Reads a channel as a player would, measuring the longest wait between two reads that returned bytes.</summary>
public static class GapRecorder
{
    public static async Task<(byte[] Bytes, TimeSpan LongestGap)> RecordAsync(string url, TimeSpan duration)
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var stop = new CancellationTokenSource(duration);
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        var bytes = new MemoryStream();
        var buffer = new byte[64 * 1024];
        var clock = Stopwatch.StartNew();
        TimeSpan? last = null;
        var longest = TimeSpan.Zero;
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, stop.Token)) > 0)
            {
                var now = clock.Elapsed;
                if (last is { } previous && now - previous > longest)
                {
                    longest = now - previous;
                }

                last = now;
                bytes.Write(buffer, 0, read);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Recorded long enough.
        }

        if (last is { } end && clock.Elapsed - end > longest)
        {
            longest = clock.Elapsed - end;
        }

        return (bytes.ToArray(), longest);
    }
}
