using System.Diagnostics.Metrics;
using RetroVue.Adapters.Streaming.Sessions;

namespace RetroVue.Web.Telemetry;

/// <summary>
/// The channel sessions as metric instruments, read when a collection asks (a Prometheus scrape, an OTLP export):
/// one series per channel for viewers, bytes sent, items played, restarts, slate insertions, join bridges, dropped
/// viewers, transcode speed and how far ahead of the timeline the muxer runs; plus the session count and the
/// transcode capacity. Instrument names are the Prometheus names without the suffix the exporter adds to counters
/// ("_total"), so /metrics shows the names operators already scrape.
/// </summary>
public sealed class StreamingMeters : IDisposable
{
    public const string MeterName = "RetroVue.Streaming";

    private readonly Meter _meter;
    private readonly IStreamingFigures _figures;

    public StreamingMeters(IMeterFactory meterFactory, IStreamingFigures figures)
    {
        _figures = figures;
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableGauge("retrovue_channel_sessions", () => _figures.Sessions().Count, description: "Channel sessions running.");
        _meter.CreateObservableGauge("retrovue_transcodes", () => _figures.Capacity().InUse, description: "Channel sessions transcoding now (or starting).");
        _meter.CreateObservableGauge("retrovue_transcode_limit", () => _figures.Capacity().Limit, description: "Channels that may transcode at once (Streaming:MaxTranscodes).");
        _meter.CreateObservableCounter(
            "retrovue_transcode_refusals", () => _figures.Capacity().Refused, description: "Viewers refused with 503 because a new channel would exceed the transcode limit.");

        PerChannelGauge("retrovue_channel_viewers", s => s.Viewers, "Viewers connected to the channel.");
        PerChannelCounter("retrovue_channel_bytes_sent", s => s.BytesSent, "Transport stream bytes sent to all viewers of the channel.");
        PerChannelCounter("retrovue_channel_items_played", s => s.ItemsPlayed, "Timeline items the channel session has started.");
        PerChannelCounter("retrovue_channel_restarts", s => s.Restarts, "ffmpeg feeds restarted after a failure.");
        PerChannelCounter("retrovue_channel_slate_insertions", s => s.SlateInsertions, "Items replaced by a slate because they could not be played.");
        PerChannelCounter("retrovue_channel_join_bridges", s => s.JoinBridges, "Viewers who joined the running channel through a bridge re-encoded from the exact instant.");
        PerChannelCounter("retrovue_channel_viewers_dropped", s => s.ViewersDropped, "Viewers dropped because they could not keep up.");
        PerChannelGauge("retrovue_channel_transcode_speed", s => s.TranscodeSpeed, "Current item's encode speed as a multiple of real time (absent when copying).");
        PerChannelGauge("retrovue_channel_ahead_seconds", s => s.AheadSeconds, "How far the channel's output runs ahead of its timeline.");
    }

    public void Dispose() => _meter.Dispose();

    private void PerChannelGauge(string name, Func<SessionStats, double?> value, string description) =>
        _meter.CreateObservableGauge(name, () => PerChannel<double>(session => value(session) is { } number ? new Measurement<double>(number, Labels(session)) : (Measurement<double>?)null), description: description);

    private void PerChannelCounter(string name, Func<SessionStats, long> value, string description) =>
        _meter.CreateObservableCounter(name, () => PerChannel<long>(session => new Measurement<long>(value(session), Labels(session))), description: description);

    private IEnumerable<Measurement<T>> PerChannel<T>(Func<SessionStats, Measurement<T>?> measure)
        where T : struct
    {
        foreach (var session in _figures.Sessions())
        {
            if (measure(session) is { } measurement)
            {
                yield return measurement;
            }
        }
    }

    private static KeyValuePair<string, object?>[] Labels(SessionStats session) =>
    [
        new("channel", session.Channel),
        new("mode", (session.Current?.Mode ?? "idle").ToLowerInvariant()),
    ];
}
