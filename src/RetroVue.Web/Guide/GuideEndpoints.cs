using System.Text;
using RetroVue.App.Guide;
using RetroVue.App.Guide.Templates;
using RetroVue.App.Security;

namespace RetroVue.Web.Guide;

public static class GuideEndpoints
{
    /// <summary>/iptv/xmltv.xml (the guide, programme icons included) and /iptv/channels.m3u (the playlist), with absolute URLs as the client reached us (and the IPTV token when one is required).</summary>
    public static IEndpointRouteBuilder MapGuideEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/iptv/xmltv.xml", async (HttpContext context, GuideService guide, GuideTextRenderer texts, IptvAccess access, CancellationToken cancellationToken) =>
        {
            var data = await guide.LoadAsync(cancellationToken);

            // Programme icons point at this server's artwork endpoint, on the host the client reached, like the playlist's URLs.
            var artworkUrls = GuideArtwork.UrlsFor(BaseUrl(context.Request), await access.GetAsync(cancellationToken));
            context.Response.ContentType = XmltvWriter.ContentType;
            await XmltvWriter.WriteAsync(context.Response.Body, data, artworkUrls, texts, cancellationToken);
        });

        endpoints.MapGet("/iptv/channels.m3u", async (HttpContext context, GuideService guide, IptvAccess access, CancellationToken cancellationToken) =>
        {
            var channels = await guide.ChannelsAsync(cancellationToken);
            var baseUrl = BaseUrl(context.Request);

            // With token protection on, every URL handed to the player carries the token, or it could not load them.
            var guideUrl = await access.AppendTokenAsync(M3uPlaylist.GuideUrl(baseUrl), cancellationToken);
            var streams = new Dictionary<Guid, string>(channels.Count);
            foreach (var channel in channels)
            {
                streams[channel.Id] = await access.AppendTokenAsync(M3uPlaylist.StreamUrl(baseUrl, channel), cancellationToken);
            }

            context.Response.Headers.Vary = "User-Agent";
            var artworkUrls = GuideArtwork.UrlsFor(baseUrl, await access.GetAsync(cancellationToken));
            var playlist = M3uPlaylist.Write(channels, guideUrl, c => streams[c.Id], artworkUrls, M3uPlaylist.IsKodi(context.Request.Headers.UserAgent));
            return Results.Text(playlist, M3uPlaylist.ContentType, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        });
        return endpoints;
    }

    /// <summary>Scheme, host and path base of the request; behind a proxy these come from X-Forwarded-* (see UseForwardedHeaders).</summary>
    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}".TrimEnd('/');
}
