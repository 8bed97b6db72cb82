using RetroVue.Adapters.Streaming.Sessions;
using RetroVue.Tests.Telemetry;

namespace RetroVue.Tests.Streaming;

public sealed class SessionMetricsTests
{
    private static SessionStats Session(string channel, int viewers, double? speed) => new(
        channel,
        "Name",
        DateTimeOffset.UnixEpoch,
        viewers,
        BytesSent: 1_234_567,
        Current: new CurrentItemStats(Guid.NewGuid(), "Title", speed is null ? "Copy" : "Transcode", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(1)),
        ItemsPlayed: 3,
        Restarts: 1,
        SlateInsertions: 2,
        ViewersDropped: 0,
        TranscodeSpeed: speed,
        AheadSeconds: 3.04,
        Stopping: false);

    [Fact]
    public async Task Every_session_gets_one_labelled_sample_per_series_in_prometheus_text_format()
    {
        var text = await MetricsScrape.ScrapeAsync(new FixedStreamingFigures([Session("2", 5, 1.5), Session("2.1", 0, null)], new TranscodeCapacity(8, 1, 3)));

        Assert.Equal("gauge", MetricsScrape.TypeOf(text, "retrovue_channel_viewers"));
        Assert.Equal(2, MetricsScrape.Sample(text, "retrovue_channel_sessions"));
        Assert.Equal(5, MetricsScrape.Sample(text, "retrovue_channel_viewers", "channel=\"2\",mode=\"transcode\""));
        Assert.Equal(1234567, MetricsScrape.Sample(text, "retrovue_channel_bytes_sent_total", "channel=\"2.1\",mode=\"copy\""));
        Assert.Equal(2, MetricsScrape.Sample(text, "retrovue_channel_slate_insertions_total", "channel=\"2\",mode=\"transcode\""));
        Assert.Equal(1.5, MetricsScrape.Sample(text, "retrovue_channel_transcode_speed", "channel=\"2\",mode=\"transcode\""));
        Assert.DoesNotContain("retrovue_channel_transcode_speed{channel=\"2.1\"", text);
        Assert.Equal(3.04, MetricsScrape.Sample(text, "retrovue_channel_ahead_seconds", "channel=\"2\",mode=\"transcode\""));
        Assert.Equal(1, MetricsScrape.Sample(text, "retrovue_transcodes"));
        Assert.Equal(8, MetricsScrape.Sample(text, "retrovue_transcode_limit"));
        Assert.Equal(3, MetricsScrape.Sample(text, "retrovue_transcode_refusals_total"));
        Assert.DoesNotContain("target_info", text, StringComparison.Ordinal);
        Assert.DoesNotContain("otel_scope", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scraper_asking_for_openmetrics_gets_the_same_samples_in_that_format()
    {
        var text = await MetricsScrape.ScrapeAsync(
            new FixedStreamingFigures([Session("2", 5, 1.5)], new TranscodeCapacity(8, 1, 3)),
            "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");

        Assert.EndsWith("# EOF\n", text, StringComparison.Ordinal);
        Assert.Equal(5, MetricsScrape.Sample(text, "retrovue_channel_viewers", "channel=\"2\",mode=\"transcode\""));
        Assert.Equal(1234567, MetricsScrape.Sample(text, "retrovue_channel_bytes_sent_total", "channel=\"2\",mode=\"transcode\""));
        Assert.Equal(3, MetricsScrape.Sample(text, "retrovue_transcode_refusals_total"));
        Assert.Equal("counter", MetricsScrape.TypeOf(text, "retrovue_transcode_refusals"));
    }

    [Fact]
    public async Task No_sessions_still_reports_the_session_count()
    {
        Assert.Equal(0, MetricsScrape.Sample(await MetricsScrape.ScrapeAsync(new FixedStreamingFigures([], new TranscodeCapacity(8, 0, 0))), "retrovue_channel_sessions"));
    }
}
