using System.Diagnostics;
using RetroVue.App.Common;
using RetroVue.App.Streaming;

namespace RetroVue.Adapters.Streaming.Sessions;

/// <summary>
/// A channel session as a trace: one root span for the session's life and, under it, one span per item it puts on
/// air, so each item reaches the trace backend when it ends rather than when the session does. Nothing is recorded
/// while no exporter listens.
/// </summary>
internal sealed class SessionTrace : IDisposable
{
    private readonly Activity? _session;
    private Activity? _item;

    private SessionTrace(Activity? session) => _session = session;

    /// <summary>Call on the session's own task: its span is a root, not part of the first viewer's request.</summary>
    public static SessionTrace Start(PlayoutChannel channel)
    {
        Activity.Current = null;
        var session = RetroVueTracing.Streaming.StartActivity("channel session");
        session?.SetTag("retrovue.channel", channel.Number.ToString());
        session?.SetTag("retrovue.channel.name", channel.Name);
        return new SessionTrace(session);
    }

    public void ItemStarted(CurrentItemStats item)
    {
        ItemEnded(problem: null);
        if (_session is null)
        {
            return;
        }

        _item = RetroVueTracing.Streaming.StartActivity("channel item", ActivityKind.Internal, _session.Context);
        _item?.SetTag("retrovue.channel", _session.GetTagItem("retrovue.channel"));
        _item?.SetTag("retrovue.item.title", item.Title);
        _item?.SetTag("retrovue.item.mode", item.Mode);
        _item?.SetTag("retrovue.item.asset_id", item.AssetId?.ToString());
        _item?.SetTag("retrovue.item.scheduled_start", item.Start.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

        // The item span is not the ambient activity: the session's task goes on to other items under the session span.
        Activity.Current = _session;
    }

    /// <summary>Ends the item on air, failed with <paramref name="problem"/> when it could not be played to its end.</summary>
    public void ItemEnded(string? problem)
    {
        if (_item is null)
        {
            return;
        }

        if (problem is not null)
        {
            _item.SetStatus(ActivityStatusCode.Error, SecretRedactor.Redact(problem));
        }

        _item.Dispose();
        _item = null;
    }

    public void Failed(Exception error) => RetroVueTracing.Fail(_session, error);

    public void Dispose()
    {
        ItemEnded(problem: null);
        _session?.Dispose();
    }
}
