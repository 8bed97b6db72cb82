using RetroVue.Adapters.Streaming.Sessions;
using RetroVue.Web.Streaming;

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
    public void Every_session_gets_one_labelled_sample_per_series_in_prometheus_text_format()
    {
        var text = SessionMetrics.Write([Session("2", 5, 1.5), Session("2.1", 0, null)], new TranscodeCapacity(8, 1, 3));

        Assert.Contains("# TYPE retrovue_channel_viewers gauge\n", text);
        Assert.Contains("retrovue_channel_sessions 2\n", text);
        Assert.Contains("retrovue_channel_viewers{channel=\"2\",mode=\"transcode\"} 5\n", text);
        Assert.Contains("retrovue_channel_bytes_sent_total{channel=\"2.1\",mode=\"copy\"} 1234567\n", text);
        Assert.Contains("retrovue_channel_slate_insertions_total{channel=\"2\",mode=\"transcode\"} 2\n", text);
        Assert.Contains("retrovue_channel_transcode_speed{channel=\"2\",mode=\"transcode\"} 1.5\n", text);
        Assert.DoesNotContain("retrovue_channel_transcode_speed{channel=\"2.1\"", text);
        Assert.Contains("retrovue_channel_ahead_seconds{channel=\"2\",mode=\"transcode\"} 3.04\n", text);
        Assert.Contains("retrovue_transcodes 1\n", text);
        Assert.Contains("retrovue_transcode_limit 8\n", text);
        Assert.Contains("retrovue_transcode_refusals_total 3\n", text);
    }

    [Fact]
    public void No_sessions_still_reports_the_session_count()
    {
        Assert.Contains("retrovue_channel_sessions 0\n", SessionMetrics.Write([], new TranscodeCapacity(8, 0, 0)));
    }
}
