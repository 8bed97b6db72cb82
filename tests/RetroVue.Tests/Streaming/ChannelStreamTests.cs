using RetroVue.Tests.Support;

namespace RetroVue.Tests.Streaming;

[Collection(StreamingCollection.Name)]
public sealed class ChannelStreamTests
{
    [Fact]
    public async Task A_channel_plays_across_program_boundaries_as_one_clean_transport_stream()
    {
        using var media = TestMedia.CreateFolder();
        var wide = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("wide.mp4"), seconds: 6, width: 640, height: 360, frameRate: "30000/1001"));
        var square = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("square.mkv"), seconds: 6, width: 320, height: 240, frameRate: "25", audio: TestAudio.Mono));
        await using var harness = await StreamingHarness.StartAsync();
        var timeline = StreamingHarness.Timeline(DateTimeOffset.UtcNow.AddSeconds(-1), [(wide, 4), (square, 4)]);
        harness.AddChannel("2", "Retro Two", StreamingHarness.SmallProfile, timeline, wide, square);

        var recording = await harness.RecordAsync("2", TimeSpan.FromSeconds(10));

        var report = recording.Analyze();
        File.WriteAllBytes("/tmp/tsx/rec.ts", recording.Bytes); File.WriteAllText("/tmp/tsx/rep.txt", report.ToString() + " tablesgap " + report.MaxTablesGap + " kf " + report.Keyframes + " firstbyte " + recording.FirstByte);
        report.AssertClean();
        Assert.Equal("Retro Two", report.ServiceName);
        Assert.True(report.VideoSeconds > 9, report.ToString());
    }
}
