using System.Text.RegularExpressions;
using RetroVue.Tests.Support;
using RetroVue.Tests.Telemetry;

namespace RetroVue.Tests.Streaming;

/// <summary>/metrics, scraped over HTTP while a channel plays, shows that channel's live figures.</summary>
[Collection(StreamingCollection.Name)]
public sealed class StreamingMetricsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task While_a_channel_plays_metrics_show_its_session_viewer_bytes_items_and_lead_over_the_timeline()
    {
        using var media = TestMedia.CreateFolder();
        var clip = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("clip.mp4"), seconds: 8));
        await using var harness = await StreamingHarness.StartAsync();
        harness.AddChannel("12", "Twelve", StreamingHarness.SmallProfile, StreamingHarness.Timeline(DateTimeOffset.UtcNow, [(clip, 8)]), clip);

        var watching = harness.RecordAsync("12", TimeSpan.FromSeconds(12));
        await StreamingHarness.WaitUntilAsync(
            () => harness.Sessions.Sessions() is [{ Viewers: 1, ItemsPlayed: >= 1, BytesSent: > 0 }], Patience, "the viewer is watching the first item");

        using var http = new HttpClient();
        var metrics = await http.GetStringAsync($"{harness.BaseUrl}/metrics");
        var playing = Regex.Match(metrics, @"^retrovue_channel_viewers\{channel=""12"",mode=""(?<mode>[a-z]+)""\} ", RegexOptions.Multiline);
        Assert.True(playing.Success, "channel 12 has a viewers sample:\n" + metrics);
        var labels = $"channel=\"12\",mode=\"{playing.Groups["mode"].Value}\"";

        Assert.Equal(1, MetricsScrape.Sample(metrics, "retrovue_channel_sessions"));
        Assert.Equal(1, MetricsScrape.Sample(metrics, "retrovue_channel_viewers", labels));
        Assert.True(MetricsScrape.Sample(metrics, "retrovue_channel_bytes_sent_total", labels) > 0, "bytes have been sent");
        Assert.True(MetricsScrape.Sample(metrics, "retrovue_channel_items_played_total", labels) >= 1, "an item is on air");
        Assert.NotNull(MetricsScrape.Sample(metrics, "retrovue_channel_ahead_seconds", labels));
        Assert.Equal(0, MetricsScrape.Sample(metrics, "retrovue_channel_viewers_dropped_total", labels));
        Assert.Equal("gauge", MetricsScrape.TypeOf(metrics, "retrovue_channel_viewers"));
        Assert.Equal("counter", MetricsScrape.TypeOf(metrics, "retrovue_channel_bytes_sent_total"));

        (await watching).Analyze().AssertClean();
        await StreamingHarness.WaitUntilAsync(() => harness.Sessions.Sessions().Count == 0, Patience, "the session stops after its grace time");
        Assert.Equal(0, MetricsScrape.Sample(await http.GetStringAsync($"{harness.BaseUrl}/metrics"), "retrovue_channel_sessions"));
    }
}
