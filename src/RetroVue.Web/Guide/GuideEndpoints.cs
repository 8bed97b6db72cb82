using System.Text;
using RetroVue.App.Guide;

namespace RetroVue.Web.Guide;

public static class GuideEndpoints
{
    /// <summary>/iptv/xmltv.xml (the guide) and /iptv/channels.m3u (the playlist), with absolute URLs as the client reached us.</summary>
    public static IEndpointRouteBuilder MapGuideEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/iptv/xmltv.xml", async (HttpContext context, GuideService guide, CancellationToken cancellationToken) =>
        {
            var data = await guide.LoadAsync(cancellationToken);
            context.Response.ContentType = XmltvWriter.ContentType;
            await XmltvWriter.WriteAsync(context.Response.Body, data, cancellationToken);
        });

        endpoints.MapGet("/iptv/channels.m3u", async (HttpContext context, GuideService guide, CancellationToken cancellationToken) =>
        {
            var channels = await guide.ChannelsAsync(cancellationToken);
            var playlist = M3uPlaylist.Write(channels, BaseUrl(context.Request));
            return Results.Text(playlist, M3uPlaylist.ContentType, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        });
        return endpoints;
    }

    /// <summary>Scheme, host and path base of the request; behind a proxy these come from X-Forwarded-* (see UseForwardedHeaders).</summary>
    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}".TrimEnd('/');
}
