using RetroVue.App.Security;

namespace RetroVue.Web.Admin.Security;

/// <summary>
/// Lets IPTV clients (players, Plex/Jellyfin tuners) through, or, when the operator requires a token,
/// only those whose URL carries it. Guards the paths, whoever maps the endpoints behind them.
/// </summary>
public static class IptvAccessGate
{
    public static bool IsIptvPath(PathString path) =>
        path.StartsWithSegments("/iptv", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/discover.json", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/device.xml", StringComparison.OrdinalIgnoreCase)
        || (path.Value is { } value && value.StartsWith("/lineup", StringComparison.OrdinalIgnoreCase) && value.EndsWith(".json", StringComparison.OrdinalIgnoreCase));

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
