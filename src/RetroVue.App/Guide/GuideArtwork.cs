using RetroVue.App.Security;
using RetroVue.Domain.Library;

namespace RetroVue.App.Guide;

/// <summary>Where guide clients fetch programme artwork: GET /iptv/artwork/{kind}/{id}, on the host they reached.</summary>
public static class GuideArtwork
{
    public const string RoutePrefix = "/iptv/artwork";

    /// <param name="baseUrl">The server's absolute URL as the client reached it, without a trailing slash.</param>
    /// <param name="key">A timeline entry's artwork key ("episode/{id}", "title/{id}").</param>
    public static string Url(string baseUrl, string key) => $"{baseUrl}{RoutePrefix}/{key}";

    /// <summary>Turns artwork keys into absolute URLs with the IPTV token when one is required, as the playlist does for its URLs.</summary>
    public static Func<string, string?> UrlsFor(string baseUrl, IptvAccessSettings access) =>
        key => IptvAccess.AppendToken(Url(baseUrl, key), access);

    /// <summary>The kind in a URL ("title", "episode"); null for anything else.</summary>
    public static string? KindOf(string segment) => segment switch
    {
        ArtworkKey.Title => ArtworkKey.Title,
        ArtworkKey.Episode => ArtworkKey.Episode,
        _ => null,
    };
}
