using RetroVue.App.Common;
using RetroVue.App.Streaming;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Jellyfin;

/// <summary>
/// Plays Jellyfin and Emby files that are not reachable here from the server's static stream URL
/// (/Videos/{id}/stream?static=true), the API key in a request header: the URL holds no secret and may be shown.
/// </summary>
public sealed class JellyfinRemoteMediaLocator : IRemoteMediaLocator
{
    public RemoteMedia? Locate(Source source, Asset asset)
    {
        if (source.Kind is not (SourceKind.Jellyfin or SourceKind.Emby) || asset.SourceId != source.Id || string.IsNullOrEmpty(asset.StreamKey))
        {
            return null;
        }

        try
        {
            return ForKey(JellyfinSourceSettings.Read(source).Connection, asset.StreamKey);
        }
        catch (UserFacingException)
        {
            // A source whose settings are broken plays its remote items as "cannot be reached".
            return null;
        }
    }

    /// <summary>The request for a stream key on the connection's server; null when there is no key or it points at another server.</summary>
    public static RemoteMedia? ForKey(JellyfinConnection connection, string? streamKey)
    {
        if (string.IsNullOrEmpty(streamKey))
        {
            return null;
        }

        var url = new Uri(connection.BaseUri, streamKey.TrimStart('/'));
        if (url.Scheme != connection.BaseUri.Scheme || url.Host != connection.BaseUri.Host || url.Port != connection.BaseUri.Port)
        {
            return null;
        }

        var headers = connection.Flavor.AuthHeaders(connection.ApiKey, "retrovue-stream", typeof(JellyfinRemoteMediaLocator).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
        return new RemoteMedia(connection.Flavor.DisplayName, url, headers);
    }
}
