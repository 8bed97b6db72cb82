using RetroVue.Domain.Library;

namespace RetroVue.App.Streaming;

/// <summary>
/// Where a file that this machine cannot open is read from instead: a URL on the media server that owns it and the
/// request headers that carry its credentials. The URL holds no secret and may be shown; the headers must never be
/// logged, put in a URL or on a command line. <see cref="ServerName"/> names the server in fault texts ("Plex").
/// </summary>
public sealed record RemoteMedia(string ServerName, Uri Url, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>Only the URL: a record's generated text would print the headers.</summary>
    public override string ToString() => $"{ServerName} {Url}";
}

/// <summary>Turns an asset into the remote location its source streams it from (implemented per source kind, e.g. Plex).</summary>
public interface IRemoteMediaLocator
{
    /// <summary>The remote location of <paramref name="asset"/> in <paramref name="source"/>, or null when this locator does not serve it.</summary>
    RemoteMedia? Locate(Source source, Asset asset);
}
