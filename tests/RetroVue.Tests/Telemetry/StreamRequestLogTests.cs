using RetroVue.Tests.Streaming;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Telemetry;

/// <summary>A channel stream is one request however long it plays: one log line, when the viewer leaves.</summary>
[Collection(StreamingCollection.Name)]
public sealed class StreamRequestLogTests
{
    [Fact]
    public async Task A_stream_is_logged_once_when_the_viewer_leaves_with_the_whole_time_it_played()
    {
        using var media = TestMedia.CreateFolder();
        var clip = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("logged.mp4"), seconds: 4));
        var sink = new RequestLogTests.CapturingSink();
        await using var harness = await StreamingHarness.StartAsync(serilog: sink);
        harness.AddChannel("21", "Logged", StreamingHarness.SmallProfile, StreamingHarness.Timeline(DateTimeOffset.UtcNow, [(clip, 4)]), clip);

        var watching = harness.RecordAsync("21", TimeSpan.FromSeconds(6));
        await StreamingHarness.WaitUntilAsync(() => harness.Sessions.Sessions() is [{ Viewers: 1, BytesSent: > 0 }], TimeSpan.FromSeconds(60), "the viewer is watching");
        Assert.DoesNotContain(sink.Requests(), e => RequestLogTests.Property(e, "RequestPath") == "/iptv/channel/21.ts");
        (await watching).Analyze().AssertClean();

        var logged = (await sink.WaitForRequestsAsync(1)).Where(e => RequestLogTests.Property(e, "RequestPath") == "/iptv/channel/21.ts").ToList();
        var line = Assert.Single(logged);
        Assert.Equal("200", RequestLogTests.Property(line, "StatusCode"));
        Assert.True(line.Properties["Elapsed"] is Serilog.Events.ScalarValue { Value: >= 4000.0 }, "the elapsed time covers the whole stream");
    }
}
