using RetroVue.App.Common;
using RetroVue.App.Streaming;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Plex;

/// <summary>Plays Plex files that are not mounted here from the Plex server's part URL, the token in a header.</summary>
public sealed class PlexRemoteMediaLocator : IRemoteMediaLocator
{
    public const string ServerName = "Plex";

    public RemoteMedia? Locate(Source source, Asset asset)
    {
        try
        {
            return PlexStreamLocator.For(source, asset) is { } request ? new RemoteMedia(ServerName, request.Url, request.Headers) : null;
        }
        catch (UserFacingException)
        {
            // A stream key pointing away from the server is never followed: the item plays as "cannot be reached".
            return null;
        }
    }
}
