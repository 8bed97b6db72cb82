using RetroVue.App.Security;

namespace RetroVue.Web.Admin.Security;

/// <summary>
/// Lets IPTV clients (players, Plex/Jellyfin tuners) through, or, when the operator requires a token,
/// only those whose URL carries it: as ?token= (playlists, guides, their streams) or in the path under
/// /t/{token}/ (tuners, which append to the URLs they are given and drop query strings).
/// Guards the paths, whoever maps the endpoints behind them.
/// /metrics goes the same way: a Prometheus scraper is a LAN client like a player, and the figures
/// (channels, viewers) say no more than the playlist does.
/// </summary>
public static class IptvAccessGate
{
    private const string PathTokenItem = "RetroVue.IptvPathToken";

    public static bool IsIptvPath(PathString path)
    {
        // Routing also matches "/metrics/" to "/metrics": compare without the trailing slash, or it would slip past.
        var value = (path.Value ?? string.Empty).TrimEnd('/');
        return value.StartsWith("/iptv/", StringComparison.OrdinalIgnoreCase)
            || value.Equals("/iptv", StringComparison.OrdinalIgnoreCase)
            || value.Equals("/discover.json", StringComparison.OrdinalIgnoreCase)
            || value.Equals("/device.xml", StringComparison.OrdinalIgnoreCase)
            || value.Equals("/lineup.post", StringComparison.OrdinalIgnoreCase)
            || value.Equals("/metrics", StringComparison.OrdinalIgnoreCase)
            || (value.StartsWith("/lineup", StringComparison.OrdinalIgnoreCase) && value.EndsWith(".json", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Serves /t/{token}/discover.json (and every other IPTV path) as /discover.json with the token moved to the path
    /// base, so the URLs the endpoints build from the request carry it. Only IPTV paths: /t/{token}/admin stays a 404.
    /// Call before routing, which must match the path without the token.
    /// </summary>
    public static IApplicationBuilder UseIptvTokenPath(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (SplitTokenPath(context.Request.Path) is { } split && IsIptvPath(split.Remainder))
            {
                context.Items[PathTokenItem] = split.Token;
                context.Request.PathBase = context.Request.PathBase.Add(new PathString($"/{IptvAccess.PathSegment}/{split.Token}"));
                context.Request.Path = split.Remainder;
            }

            return next(context);
        });

    public static IApplicationBuilder UseIptvAccessGate(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (IsIptvPath(context.Request.Path))
            {
                var access = context.RequestServices.GetRequiredService<IptvAccess>();
                var presented = context.Items[PathTokenItem] as string ?? context.Request.Query[IptvAccess.QueryParameter].FirstOrDefault();
                if (!await access.IsAllowedAsync(presented, context.RequestAborted))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    context.Response.ContentType = "text/plain; charset=utf-8";
                    await context.Response.WriteAsync(
                        "This RetroVue server requires a token for IPTV: use the playlist URL or the tuner address shown on the admin Settings page.",
                        context.RequestAborted);
                    return;
                }
            }

            await next(context);
        });

    /// <summary>"/t/{token}/rest" as its token and "/rest"; null for any other path.</summary>
    private static (string Token, PathString Remainder)? SplitTokenPath(PathString path)
    {
        if (!path.StartsWithSegments($"/{IptvAccess.PathSegment}", StringComparison.Ordinal, out var remaining) || remaining.Value is not { Length: > 1 } value)
        {
            return null;
        }

        var end = value.IndexOf('/', 1);
        return end > 1 ? (value[1..end], new PathString(value[end..])) : null;
    }
}
