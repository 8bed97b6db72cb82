namespace RetroVue.App.Streaming;

/// <summary>
/// The path every URL the emulated tuner hands out starts with after the host: "/t/{token}" when IPTV requires a
/// token (tuner clients append to the URLs they get, so a query string would be lost), empty when IPTV is open.
/// </summary>
public interface ITunerPathPrefix
{
    Task<string> TunerPathAsync(CancellationToken cancellationToken);
}
