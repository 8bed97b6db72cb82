using System.Globalization;
using System.Text;
using RetroVue.Adapters.Streaming.Sessions;

namespace RetroVue.Web.Streaming;

/// <summary>
/// The channel sessions in the Prometheus text exposition format (version 0.0.4), for GET /metrics:
/// one series per channel for viewers, bytes sent, items played, restarts, slate insertions, dropped
/// viewers, transcode speed and how far ahead of the timeline the muxer runs.
/// </summary>
public static class SessionMetrics
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly (string Name, string Type, string Help, Func<SessionStats, double?> Value)[] Series =
    [
        ("retrovue_channel_viewers", "gauge", "Viewers connected to the channel.", s => s.Viewers),
        ("retrovue_channel_bytes_sent_total", "counter", "Transport stream bytes sent to all viewers of the channel.", s => s.BytesSent),
        ("retrovue_channel_items_played_total", "counter", "Timeline items the channel session has started.", s => s.ItemsPlayed),
        ("retrovue_channel_restarts_total", "counter", "ffmpeg feeds restarted after a failure.", s => s.Restarts),
        ("retrovue_channel_slate_insertions_total", "counter", "Items replaced by a slate because they could not be played.", s => s.SlateInsertions),
        ("retrovue_channel_join_bridges_total", "counter", "Viewers who joined the running channel through a bridge re-encoded from the exact instant.", s => s.JoinBridges),
        ("retrovue_channel_viewers_dropped_total", "counter", "Viewers dropped because they could not keep up.", s => s.ViewersDropped),
        ("retrovue_channel_transcode_speed", "gauge", "Current item's encode speed as a multiple of real time (absent when copying).", s => s.TranscodeSpeed),
        ("retrovue_channel_ahead_seconds", "gauge", "How far the channel's output runs ahead of its timeline.", s => s.AheadSeconds),
    ];

    public static string Write(IReadOnlyList<SessionStats> sessions, TranscodeCapacity capacity)
    {
        var text = new StringBuilder();
        text.Append("# HELP retrovue_channel_sessions Channel sessions running.\n# TYPE retrovue_channel_sessions gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"retrovue_channel_sessions {sessions.Count}\n");
        text.Append("# HELP retrovue_transcodes Channel sessions transcoding now (or starting).\n# TYPE retrovue_transcodes gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"retrovue_transcodes {capacity.InUse}\n");
        text.Append("# HELP retrovue_transcode_limit Channels that may transcode at once (Streaming:MaxTranscodes).\n# TYPE retrovue_transcode_limit gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"retrovue_transcode_limit {capacity.Limit}\n");
        text.Append("# HELP retrovue_transcode_refusals_total Viewers refused with 503 because a new channel would exceed the transcode limit.\n# TYPE retrovue_transcode_refusals_total counter\n");
        text.Append(CultureInfo.InvariantCulture, $"retrovue_transcode_refusals_total {capacity.Refused}\n");
        foreach (var (name, type, help, value) in Series)
        {
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");
            foreach (var session in sessions)
            {
                if (value(session) is { } number)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{name}{{channel=\"{Escape(session.Channel)}\",mode=\"{Escape((session.Current?.Mode ?? "idle").ToLowerInvariant())}\"}} {number:0.###}\n");
                }
            }
        }

        return text.ToString();
    }

    private static string Escape(string label) =>
        label.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
