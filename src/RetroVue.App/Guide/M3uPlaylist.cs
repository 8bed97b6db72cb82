using System.Text;
using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Guide;

/// <summary>
/// The channel playlist IPTV players load. VLC splits #EXTINF at the first comma and Jellyfin at the last, and
/// quotes end attribute values, so neither ever appears inside a value or a name.
/// </summary>
public static class M3uPlaylist
{
    public const string ContentType = "audio/x-mpegurl";
    public const string DefaultGroup = "RetroVue";

    /// <param name="baseUrl">The server's absolute URL as the client reached it, without a trailing slash.</param>
    public static string Write(IReadOnlyList<Channel> channels, string baseUrl) =>
        Write(channels, GuideUrl(baseUrl), c => StreamUrl(baseUrl, c), key => GuideArtwork.Url(baseUrl, key));

    public static string GuideUrl(string baseUrl) => $"{baseUrl}/iptv/xmltv.xml";

    public static string StreamUrl(string baseUrl, Channel channel) => $"{baseUrl}/iptv/channel/{channel.Number}.ts";

    /// <summary>
    /// Kodi's PVR IPTV Simple client plays a live MPEG-TS well through inputstream.ffmpegdirect, and uses it only when the
    /// playlist asks for it (../shared/reference/iptv-clients.md); other players ignore unknown lines, but they are
    /// only sent to Kodi to keep everyone else's playlist plain.
    /// </summary>
    public static readonly IReadOnlyList<string> KodiProperties =
    [
        "#KODIPROP:inputstream=inputstream.ffmpegdirect",
        "#KODIPROP:inputstream.ffmpegdirect.is_realtime_stream=true",
        "#KODIPROP:mimetype=video/mp2t",
    ];

    /// <summary>Kodi announces itself as "Kodi/20.2 (...)"; the playlist it gets carries <see cref="KodiProperties"/>.</summary>
    public static bool IsKodi(string? userAgent) =>
        userAgent is not null && userAgent.TrimStart().StartsWith("kodi", StringComparison.OrdinalIgnoreCase);

    /// <param name="guide">The XMLTV URL for url-tvg, with the IPTV token when one is required.</param>
    /// <param name="streamUrl">Each channel's stream URL, with the IPTV token when one is required.</param>
    /// <param name="artworkUrls">The absolute URL of an image this server serves, for logos that name one (see <see cref="GuideLogo"/>).</param>
    /// <param name="forKodi">Adds <see cref="KodiProperties"/> before every stream URL.</param>
    public static string Write(IReadOnlyList<Channel> channels, string guide, Func<Channel, string> streamUrl, Func<string, string?> artworkUrls, bool forKodi = false)
    {
        var text = new StringBuilder();
        text.Append("#EXTM3U url-tvg=\"").Append(Url(guide)).Append("\" x-tvg-url=\"").Append(Url(guide)).Append("\"\n");
        foreach (var channel in channels)
        {
            var number = channel.Number.ToString();
            var name = Text(channel.Name);
            text.Append("#EXTINF:-1");
            Attribute(text, "channel-id", channel.StableId);
            Attribute(text, "tvg-id", channel.StableId);
            Attribute(text, "tvg-chno", number);
            Attribute(text, "tvg-name", name);
            if (GuideLogo.UrlFor(channel, artworkUrls) is { } logo)
            {
                Attribute(text, "tvg-logo", Url(logo));
            }

            Attribute(text, "group-title", string.IsNullOrWhiteSpace(channel.Group) ? DefaultGroup : Text(channel.Group));
            text.Append(',').Append(name).Append('\n');
            if (forKodi)
            {
                foreach (var property in KodiProperties)
                {
                    text.Append(property).Append('\n');
                }
            }

            text.Append(Url(streamUrl(channel))).Append('\n');
        }

        return text.ToString();
    }

    private static void Attribute(StringBuilder text, string name, string value)
    {
        if (value.Length > 0)
        {
            text.Append(' ').Append(name).Append("=\"").Append(value).Append('"');
        }
    }

    private static string Text(string value) =>
        new(value.Where(c => c is not (',' or '"') && !char.IsControl(c)).ToArray());

    private static string Url(string value) =>
        value.Replace("\"", "%22", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);
}
