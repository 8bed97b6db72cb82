using RetroVue.Adapters.Processes;
using RetroVue.Tests.Support;
using Xunit.Abstractions;

namespace RetroVue.Tests.Streaming;

/// <summary>A viewer joining a running channel sees what the timeline says is on air, whatever the source's keyframe spacing.</summary>
[Collection(StreamingCollection.Name)]
public sealed class ExactJoinTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(50, false)]
    [InlineData(250, true)]
    public async Task A_viewer_joining_during_a_copied_item_starts_on_the_timeline_whatever_the_source_gop(int gopFrames, bool bFrames)
    {
        using var media = TestMedia.CreateFolder();
        var opener = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("opener.mp4"), seconds: 6, width: 640, height: 360));
        var copied = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("long-gop.mp4"), seconds: 20, gopFrames: gopFrames, bFrames: bFrames));
        await using var harness = await StreamingHarness.StartAsync();
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);
        harness.AddChannel("11", "Eleven", StreamingHarness.SmallProfile, StreamingHarness.Timeline(start, [(opener, 3), (copied, 20)], loops: 2), opener, copied);
        var copiedStart = start.AddSeconds(3);

        // The first viewer keeps the channel running; the others join it warm while the copied item plays. At 5.0 s the
        // request falls exactly between two kept keyframes (4 and 6 s of a 2 s GOP, 0 and 10 s of a 10 s one).
        var keeper = harness.RecordAsync("11", TimeSpan.FromSeconds(24));
        var errors = new List<double>();
        foreach (var offset in new[] { 5.0, 7.3, 9.1 })
        {
            await DelayUntilAsync(copiedStart.AddSeconds(offset));
            var tunedAt = DateTimeOffset.UtcNow;
            var recording = await harness.RecordAsync("11", TimeSpan.FromSeconds(2));

            recording.Analyze().AssertClean();
            var shown = await ContentClock.FirstFramePositionAsync(copied.FilePath, 25, recording.Bytes, media.Path);
            errors.Add((shown - (tunedAt - copiedStart)).TotalSeconds);
        }

        output.WriteLine("join errors (s): " + string.Join(", ", errors.Select(e => e.ToString("0.000"))));

        // Read while the keeper still holds the session (its recording outlasts the joins even on a loaded machine).
        var session = harness.Sessions.Sessions().Single();
        (await keeper).Analyze().AssertClean();
        Assert.Equal("Copy", session.Current?.Mode);
        Assert.True(errors.All(e => Math.Abs(e) <= 0.5), "join errors (s): " + string.Join(", ", errors.Select(e => e.ToString("0.00"))));
        Assert.True(session.JoinBridges >= 1, "no join went through a bridge");
        Assert.True(session.JoinsFromStandby >= 1, "no join was served from the channel's standby");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_viewer_joined_through_a_bridge_receives_one_clean_stream_across_the_hand_over_and_the_next_seam(bool standby)
    {
        using var media = TestMedia.CreateFolder();
        var copied = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("copied.mp4"), seconds: 8, gopFrames: 100, bFrames: true));
        var transcoded = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("transcoded.mp4"), seconds: 8, width: 640, height: 360));
        await using var harness = await StreamingHarness.StartAsync(new Dictionary<string, string?> { ["Streaming:JoinStandby"] = standby ? "true" : "false" });
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);
        harness.AddChannel("12", "Twelve", StreamingHarness.SmallProfile, StreamingHarness.Timeline(start, [(transcoded, 3), (copied, 8), (transcoded, 5)], loops: 2), copied, transcoded);

        var keeper = harness.RecordAsync("12", TimeSpan.FromSeconds(22));
        await DelayUntilAsync(start.AddSeconds(3 + 1.5));
        var joined = harness.RecordAsync("12", TimeSpan.FromSeconds(10));
        var decoded = await ProcessRunner.RunAsync(
            ExecutableLocator.FindOnPath("ffmpeg")!,
            ["-nostdin", "-v", "error", "-i", harness.ChannelUrl("12"), "-t", "9", "-f", "null", "-"],
            TimeSpan.FromSeconds(60));

        Assert.True(decoded.Succeeded && decoded.StandardError.Length == 0, $"exit {decoded.ExitCode}: {decoded.StandardError}");
        var report = (await joined).Analyze();
        var stats = harness.Sessions.Sessions().Single();
        report.AssertClean();
        Assert.True(report.VideoSeconds > 8, "the joined viewer's stream stopped: " + report);
        (await keeper).Analyze().AssertClean();
        Assert.True(stats.JoinBridges >= 2, "the joins did not go through bridges");
        if (standby)
        {
            Assert.True(stats.JoinsFromStandby >= 1, "no join was served from the channel's standby");
        }
        else
        {
            Assert.Equal(0, stats.JoinsFromStandby);
        }

        await StreamingHarness.WaitUntilAsync(() => harness.Sessions.Sessions().Count == 0, TimeSpan.FromSeconds(15), "the session stops after its grace time");
        await StreamingHarness.WaitUntilAsync(() => StreamingHarness.StreamingFfmpegProcesses() == 0 && harness.Children.Running == 0, TimeSpan.FromSeconds(10), "every ffmpeg, bridges included, is reaped");
    }

    private static async Task DelayUntilAsync(DateTimeOffset instant)
    {
        var wait = instant - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }
}
