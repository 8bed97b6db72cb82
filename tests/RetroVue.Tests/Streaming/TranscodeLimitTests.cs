using System.Net;
using System.Text.Json;
using RetroVue.Domain.Scheduling;
using RetroVue.Tests.Support;
using RetroVue.Tests.Telemetry;

namespace RetroVue.Tests.Streaming;

/// <summary>A server transcodes at most Streaming:MaxTranscodes channels at once; one more viewer gets a clear 503, not a slower air for all.</summary>
[Collection(StreamingCollection.Name)]
public sealed class TranscodeLimitTests
{
    private static readonly StreamingProfile AlwaysTranscode = new(320, 180, 25, 400, 64, TranscodeMode.Always);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_viewer_who_would_start_one_transcode_too_many_gets_a_503_with_retry_after_and_the_refusal_is_counted()
    {
        using var media = TestMedia.CreateFolder();
        var clip = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("clip.mp4"), seconds: 8));
        await using var harness = await StreamingHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Streaming:MaxTranscodes"] = "1",
            ["Streaming:GraceSeconds"] = "0.2",
        });
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);
        harness.AddChannel("40", "First", AlwaysTranscode, StreamingHarness.Timeline(start, [(clip, 8)]), clip);
        harness.AddChannel("41", "Second", AlwaysTranscode, StreamingHarness.Timeline(start, [(clip, 8)]), clip);
        using var http = new HttpClient();

        using (var first = await http.GetAsync(harness.ChannelUrl("40"), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);

            using var refused = await http.GetAsync(harness.ChannelUrl("41"), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(30), refused.Headers.RetryAfter?.Delta);
            using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Contains("Streaming:MaxTranscodes", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", problem.RootElement.ToString(), StringComparison.Ordinal);

            var metrics = await http.GetStringAsync(harness.BaseUrl + "/metrics");
            Assert.Equal(1, MetricsScrape.Sample(metrics, "retrovue_transcode_refusals_total"));
            Assert.Equal(1, MetricsScrape.Sample(metrics, "retrovue_transcodes"));
            Assert.Equal(1, MetricsScrape.Sample(metrics, "retrovue_transcode_limit"));
        }

        // The first channel's last viewer left: once it stops, the slot is free again.
        await StreamingHarness.WaitUntilAsync(() => harness.Sessions.Sessions().Count == 0, Patience, "the first channel to stop");
        var recording = await harness.RecordAsync("41", TimeSpan.FromSeconds(2));
        recording.Analyze().AssertClean();
    }

    [Fact]
    public async Task A_channel_that_copies_takes_no_transcode_slot()
    {
        using var media = TestMedia.CreateFolder();
        var clip = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("clip.mp4"), seconds: 8));
        await using var harness = await StreamingHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Streaming:MaxTranscodes"] = "1",
            ["Streaming:AccurateJoins"] = "false",
        });
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);
        harness.AddChannel("42", "Copied", StreamingHarness.SmallProfile, StreamingHarness.Timeline(start, [(clip, 8)]), clip);
        harness.AddChannel("43", "Transcoded", AlwaysTranscode, StreamingHarness.Timeline(start, [(clip, 8)]), clip);
        using var http = new HttpClient();

        using var copied = await http.GetAsync(harness.ChannelUrl("42"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, copied.StatusCode);
        await StreamingHarness.WaitUntilAsync(() => harness.Sessions.Sessions().Single().Current?.Mode == "Copy", Patience, "the copied channel to go on air");

        using var transcoded = await http.GetAsync(harness.ChannelUrl("43"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, transcoded.StatusCode);
    }
}
