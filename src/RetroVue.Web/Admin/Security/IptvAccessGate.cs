using RetroVue.App.Security;

namespace RetroVue.Web.Admin.Security;

/// <summary>
/// Lets IPTV clients (players, Plex/Jellyfin tuners) through, or, when the operator requires a token,
/// only those whose URL carries it. Guards the paths, whoever maps the endpoints behind them.
/// /metrics goes the same way: a Prometheus scraper is a LAN client like a player, and the figures
/// (channels, viewers) say no more than the playlist does.
/// </summary>
public static class IptvAccessGate
{
    public static bool IsIptvPath(PathString path)
    {
        // Routing also matches "/metrics/" to "/metrics": compare without the trailing slash, or it would slip past.
        var value = (path.Value ?? string.Empty).TrimEnd('/');
        return value.StartsWith("/iptv/", StringComparison.OrdinalIgnoreCase)
            || value.Equals("/iptv", StringComparison.OrdinalIgnoreCase)
            || value.Equals("/discover.json", StringComparison.OrdinalIgnoreCase)
            || value.Equals("/device.xml", StringComparison.OrdinalIgnoreCase)
            || value.Equals("/metrics", StringComparison.OrdinalIgnoreCase)
            || (value.StartsWith("/lineup", StringComparison.OrdinalIgnoreCase) && value.EndsWith(".json", StringComparison.OrdinalIgnoreCase));
    }

    public static IApplicationBuilder UseIptvAccessGate(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (IsIptvPath(context.Request.Path))
            {
                var access = context.RequestServices.GetRequiredService<IptvAccess>();
                if (!await access.IsAllowedAsync(context.Request.Query[IptvAccess.QueryParameter].FirstOrDefault(), context.RequestAborted))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    context.Response.ContentType = "text/plain; charset=utf-8";
                    await context.Response.WriteAsync(
                        "This RetroVue server requires a token for IPTV: use the playlist URL shown on the admin Settings page.",
                        context.RequestAborted);
                    return;
                }
            }

            await next(context);
        });
}
