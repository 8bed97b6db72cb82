using System.Net.Http.Json;
using System.Text.Json;
using RetroVue.Adapters.Processes;
using RetroVue.Adapters.Streaming.Sessions;
using RetroVue.Tests.Plex.Support;
using RetroVue.Tests.Support;
using RetroVue.Tests.Telemetry;

namespace RetroVue.Tests.Streaming;

/// <summary>
/// The channel stream end to end, over HTTP with real ffmpeg, in real time. Items last a few seconds; the profile
/// is small (320x180) so transcoding stays far ahead of real time on two cores.
/// </summary>
[Collection(StreamingCollection.Name)]
public sealed class ChannelStreamTests
{
    [Fact]
    public async Task Copied_and_transcoded_items_play_across_boundaries_as_one_clean_transport_stream()
    {
        using var media = TestMedia.CreateFolder();
        var copyable = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("copy.mp4"), seconds: 6, width: 320, height: 180));
        var wide = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("wide.mp4"), seconds: 6, width: 640, height: 360, frameRate: "30000/1001"));
        var square = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("square.mkv"), seconds: 6, width: 320, height: 240, audio: TestAudio.Mono));
        await using var harness = await StreamingHarness.StartAsync();
        var timeline = StreamingHarness.Timeline(DateTimeOffset.UtcNow.AddSeconds(-1), [(wide, 3), (copyable, 3), (square, 3)]);
        harness.AddChannel("4.1", "Retro Four", StreamingHarness.SmallProfile, timeline, copyable, wide, square);
        var modes = new HashSet<string>();
        using var watching = new CancellationTokenSource();
        var watcher = harness.WatchModesAsync(modes, watching.Token);

        var recording = await harness.RecordAsync("4.1", TimeSpan.FromSeconds(10), query: "?transcode=mobile");
        await watching.CancelAsync();
        await watcher;

        var report = recording.Analyze();
        report.AssertClean();
        Assert.Equal("Retro Four", report.ServiceName);
        Assert.True(report.VideoSeconds > 9, report.ToString());
        // Items are placed at their instants: where a slot ends between two frames, the last picture holds at most one frame more.
        Assert.InRange(report.MaxVideoDtsStep, 3600, 7200);
        Assert.InRange(report.MaxVideoPtsGap, 3600, 7200);
        Assert.True(report.MaxTablesGap <= 18_000, $"PAT/PMT gap {report.MaxTablesGap / 90.0:0} ms");
        Assert.Contains("Copy", modes);
        Assert.Contains("Transcode", modes);
    }

    [Fact]
    public async Task Ffmpeg_and_ffprobe_decode_twenty_seconds_of_a_channel_url_across_boundaries_without_errors()
    {
        using var media = TestMedia.CreateFolder();
        var copyable = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("copy.mp4"), seconds: 8, width: 320, height: 180));
        var other = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("other.mkv"), seconds: 8, width: 480, height: 360, frameRate: "30000/1001"));
        await using var harness = await StreamingHarness.StartAsync();
        harness.AddChannel("5", "Five", StreamingHarness.SmallProfile, StreamingHarness.Timeline(DateTimeOffset.UtcNow, [(copyable, 6), (other, 6)]), copyable, other);
        var ffmpeg = ExecutableLocator.FindOnPath("ffmpeg")!;
        var ffprobe = ExecutableLocator.FindOnPath("ffprobe")!;

        var decode = ProcessRunner.RunAsync(ffmpeg, ["-nostdin", "-v", "error", "-i", harness.ChannelUrl("5"), "-t", "21", "-f", "null", "-"], TimeSpan.FromSeconds(60));
        var probe = await ProcessRunner.RunAsync(ffprobe, ["-v", "error", "-show_entries", "stream=codec_name,width,height,sample_rate,channels", "-of", "json", harness.ChannelUrl("5")], TimeSpan.FromSeconds(30));
        var decoded = await decode;

        Assert.True(decoded.Succeeded && decoded.StandardError.Length == 0, $"exit {decoded.ExitCode}: {decoded.StandardError}");
        Assert.True(probe.Succeeded, probe.StandardError);
        using var streams = JsonDocument.Parse(probe.StandardOutput);
        var codecs = streams.RootElement.GetProperty("streams").EnumerateArray().Select(s => s.GetProperty("codec_name").GetString()).ToList();
        Assert.Equal(["h264", "aac"], codecs);
        var video = streams.RootElement.GetProperty("streams")[0];
        Assert.Equal(320, video.GetProperty("width").GetInt32());
        Assert.Equal(180, video.GetProperty("height").GetInt32());
        Assert.True(harness.Sessions.Sessions().Single().ItemsPlayed >= 4, "fewer than three boundaries were crossed");
    }

    [Fact]
    public async Task A_viewer_tuning_in_mid_item_sees_the_timeline_position_within_half_a_second()
    {
        using var media = TestMedia.CreateFolder();
        var clip = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("clock.mp4"), seconds: 12, width: 640, height: 360));
        await using var harness = await StreamingHarness.StartAsync();
        var entryStart = DateTimeOffset.UtcNow.AddSeconds(-4);
        harness.AddChannel("6", "Six", StreamingHarness.SmallProfile, StreamingHarness.Timeline(entryStart, [(clip, 12)], loops: 2), clip);

        var tunedAt = DateTimeOffset.UtcNow;
        var recording = await harness.RecordAsync("6", TimeSpan.FromSeconds(3));

        recording.Analyze().AssertClean();
        var shown = await ContentClock.FirstFramePositionAsync(clip.FilePath, 25, recording.Bytes, media.Path);
        var expected = tunedAt - entryStart;
        Assert.True(Math.Abs((shown - expected).TotalSeconds) <= 0.5, $"showed {shown.TotalSeconds:0.00} s, the timeline was at {expected.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task Missing_and_corrupt_files_are_replaced_by_the_slate_reported_and_the_stream_goes_on()
    {
        using var media = TestMedia.CreateFolder();
        var good = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("good.mp4"), seconds: 6, width: 640, height: 360));
        var deleted = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("deleted.mp4"), seconds: 6));
        var corrupt = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("corrupt.mp4"), seconds: 6));
        File.Delete(deleted.FilePath);
        await TestMedia.CorruptAsync(corrupt.FilePath);
        await using var harness = await StreamingHarness.StartAsync();
        harness.AddChannel("7", "Seven", StreamingHarness.SmallProfile, StreamingHarness.Timeline(DateTimeOffset.UtcNow, [(good, 2), (deleted, 3), (corrupt, 3), (good, 3)], loops: 3), good, deleted, corrupt);

        var recording = await harness.RecordAsync("7", TimeSpan.FromSeconds(9));

        var report = recording.Analyze();
        report.AssertClean();
        Assert.True(report.VideoSeconds > 10, "the stream stopped: " + report);
        var faults = harness.Faults.Faults.ToList();
        Assert.Contains(faults, f => f.AssetId == deleted.Id && f.Problem.Contains("does not exist", StringComparison.Ordinal));
        Assert.Contains(faults, f => f.AssetId == corrupt.Id);
        Assert.True(harness.Sessions.Sessions().Single().SlateInsertions >= 2);
    }

    [Fact]
    public async Task An_item_that_ends_early_or_stalls_is_finished_by_the_slate_and_the_stalled_ffmpeg_is_killed()
    {
        using var media = TestMedia.CreateFolder();
        var good = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("good.mp4"), seconds: 6, width: 640, height: 360));
        var shortened = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("cut.mkv"), seconds: 6));
        var fifo = media.File("stalls.mp4");
        var mkfifo = await ProcessRunner.RunAsync("mkfifo", [fifo], TimeSpan.FromSeconds(10));
        Assert.True(mkfifo.Succeeded, mkfifo.StandardError);
        var stalling = shortened with { Id = Guid.NewGuid(), FilePath = fifo };
        await using (var cut = new FileStream(shortened.FilePath, FileMode.Open, FileAccess.Write))
        {
            cut.SetLength(cut.Length / 2);
        }

        await using var harness = await StreamingHarness.StartAsync(new Dictionary<string, string?> { ["Streaming:StallTimeoutSeconds"] = "1.5", ["Streaming:StartTimeoutSeconds"] = "1.5" });
        harness.AddChannel("8", "Eight", StreamingHarness.SmallProfile, StreamingHarness.Timeline(DateTimeOffset.UtcNow, [(good, 2), (shortened, 5), (stalling, 4), (good, 3)], loops: 3), good, shortened, stalling);

        var recording = await harness.RecordAsync("8", TimeSpan.FromSeconds(10));

        // A stream that stopped at the stall would hold about 6 s of video (two items and the lead); on a loaded
        // machine the slate's start-up after two faults can cost the lead a second or two, which is not a stop.
        var report = recording.Analyze();
        report.AssertClean();
        Assert.True(report.VideoSeconds > 9.5, "the stream stopped: " + report);
        var faults = harness.Faults.Faults.ToList();
        Assert.Contains(faults, f => f.AssetId == shortened.Id && f.Problem.Contains("early", StringComparison.Ordinal));
        Assert.Contains(faults, f => f.AssetId == stalling.Id && f.Problem.Contains("no output for 1.5 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_that_stalls_once_is_forgiven_and_reported_only_when_it_stalls_again()
    {
        using var media = TestMedia.CreateFolder();
        var good = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("good.mp4"), seconds: 6, width: 640, height: 360));
        var fifo = media.File("stalls.mp4");
        var mkfifo = await ProcessRunner.RunAsync("mkfifo", [fifo], TimeSpan.FromSeconds(10));
        Assert.True(mkfifo.Succeeded, mkfifo.StandardError);
        var stalling = good with { Id = Guid.NewGuid(), FilePath = fifo };
        var logs = new CapturingLoggerProvider();
        await using var harness = await StreamingHarness.StartAsync(new Dictionary<string, string?> { ["Streaming:StallTimeoutSeconds"] = "1", ["Streaming:StartTimeoutSeconds"] = "1" }, logs);

        // Entries too short to resume: the first failure cannot be told from a machine hiccup, the second one can.
        harness.AddChannel("8.2", "Stalls", StreamingHarness.SmallProfile, StreamingHarness.Timeline(DateTimeOffset.UtcNow, [(good, 3), (stalling, 2)], loops: 2), good, stalling);
        var recording = harness.RecordAsync("8.2", TimeSpan.FromSeconds(9));
        await StreamingHarness.WaitUntilAsync(() => logs.Lines.Any(l => l.Contains("stopped near its end", StringComparison.Ordinal)), TimeSpan.FromSeconds(30), "the first failure of the stalling file");
        var afterFirstAiring = harness.Faults.Faults.ToList();
        var report = (await recording).Analyze();

        report.AssertClean();
        Assert.Empty(afterFirstAiring);
        var fault = Assert.Single(harness.Faults.Faults);
        Assert.Equal(stalling.Id, fault.AssetId);
        Assert.True(harness.Sessions.Sessions().Single().SlateInsertions >= 2);
    }

    [Fact]
    public async Task Viewers_share_one_ffmpeg_a_late_viewer_starts_at_a_keyframe_and_after_the_grace_time_nothing_is_left()
    {
        using var media = TestMedia.CreateFolder();
        var clip = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("clip.mp4"), seconds: 8, width: 640, height: 360));

        // Without join bridges (ExactJoinTests covers those): a late viewer starts at the nearest keyframe, and no
        // short-lived bridge ffmpeg muddles the count of the shared ones.
        await using var harness = await StreamingHarness.StartAsync(new Dictionary<string, string?> { ["Streaming:ExactJoins"] = "false" });
        harness.AddChannel("9", "Nine", StreamingHarness.SmallProfile, StreamingHarness.Timeline(DateTimeOffset.UtcNow, [(clip, 4)]), clip);

        var first = harness.RecordAsync("9", TimeSpan.FromSeconds(8));
        var second = harness.RecordAsync("9", TimeSpan.FromSeconds(8));
        await StreamingHarness.WaitUntilAsync(() => harness.Sessions.Sessions() is [{ Viewers: 2 }], TimeSpan.FromSeconds(10), "both viewers are attached");
        var mostProcesses = 0;
        for (var sample = 0; sample < 20; sample++)
        {
            mostProcesses = Math.Max(mostProcesses, StreamingHarness.StreamingFfmpegProcesses());
            await Task.Delay(100);
        }

        var third = await harness.RecordAsync("9", TimeSpan.FromSeconds(3));
        var recordings = new[] { await first, await second, third };

        // One ffmpeg for the item playing, at most one more starting the next item early: never one per viewer.
        Assert.InRange(mostProcesses, 1, 2);
        foreach (var recording in recordings)
        {
            recording.Analyze().AssertClean();
        }

        using var http = new HttpClient();
        var stats = await http.GetFromJsonAsync<JsonElement>($"{harness.BaseUrl}/api/sessions");
        var session = stats.EnumerateArray().Single();
        Assert.Equal("9", session.GetProperty("channel").GetString());
        Assert.True(session.GetProperty("bytesSent").GetInt64() >= recordings.Sum(r => (long)r.Bytes.Length) - (3 * 1024 * 1024));
        var metrics = await http.GetStringAsync($"{harness.BaseUrl}/metrics");
        Assert.Equal(1, MetricsScrape.Sample(metrics, "retrovue_channel_sessions"));
        Assert.Matches(@"retrovue_channel_bytes_sent_total\{channel=""9"",mode=""[a-z]+""\} [1-9][0-9]*", metrics);
        Assert.Single(harness.Sessions.Sessions());

        await StreamingHarness.WaitUntilAsync(() => harness.Sessions.Sessions().Count == 0, TimeSpan.FromSeconds(15), "the session stops after its grace time");
        await StreamingHarness.WaitUntilAsync(() => StreamingHarness.StreamingFfmpegProcesses() == 0 && harness.Children.Running == 0, TimeSpan.FromSeconds(5), "every ffmpeg is reaped");
    }
}
