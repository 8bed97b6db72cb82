using RetroVue.App.Common;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Plex;

/// <summary>
/// How the server reads a file that only Plex can reach: the part's URL on the Plex server, with the token in a
/// request header. The token never enters the URL, so the URL may be logged or shown; the headers must not be.
/// </summary>
public sealed record PlexStreamRequest(Uri Url, IReadOnlyDictionary<string, string> Headers)
{
    public override string ToString() => Url.ToString();
}

public static class PlexStreamLocator
{
    /// <summary>The request that streams <paramref name="asset"/> from its Plex source, or null when it has no stream key.</summary>
    public static PlexStreamRequest? For(Source source, Asset asset)
    {
        if (source.Kind != SourceKind.Plex || asset.SourceId != source.Id || string.IsNullOrEmpty(asset.StreamKey))
        {
            return null;
        }

        return ForKey(PlexSourceSettings.Read(source).Connection, asset.StreamKey)
            ?? throw new UserFacingException($"The stream key of {asset.CanonicalPath} points outside its Plex server; it is not used.");
    }

    /// <summary>The request for a part key on <paramref name="connection"/>'s server; null when there is no key or it points at another server.</summary>
    public static PlexStreamRequest? ForKey(PlexConnection connection, string? streamKey)
    {
        if (string.IsNullOrEmpty(streamKey))
        {
            return null;
        }

        SecretRedactor.Register(connection.Token);
        var url = new Uri(connection.BaseUri, streamKey.TrimStart('/'));
        if (url.Host != connection.BaseUri.Host || url.Port != connection.BaseUri.Port)
        {
            return null;
        }

        return new PlexStreamRequest(url, new Dictionary<string, string> { ["X-Plex-Token"] = connection.Token });
    }
}
