using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Guide;

/// <summary>
/// The logo URL a playlist or guide hands out for a channel: a stored http(s) logo as it is, an image this server
/// serves as an absolute URL on the host the client reached, and nothing for a value that is no longer a valid logo
/// (one stored before logos were checked), so a javascript: or file: logo never reaches a player.
/// </summary>
public static class GuideLogo
{
    /// <param name="artworkUrls">Turns an artwork key ("title/{id}") into the absolute URL the client can load (see <see cref="GuideArtwork.UrlsFor"/>).</param>
    public static string? UrlFor(Channel channel, Func<string, string?> artworkUrls)
    {
        var logo = channel.LogoUrl?.Trim();
        if (string.IsNullOrEmpty(logo) || ChannelLogo.Problem(logo) is not null)
        {
            return null;
        }

        return ChannelLogo.ServedKey(logo) is { } key ? artworkUrls(key) : logo;
    }
}
