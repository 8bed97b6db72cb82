namespace RetroVue.Web.Admin.Security;

/// <summary>
/// Headers every response carries: a CSP that allows scripts and styles only from this server (no inline
/// script), no framing, no MIME sniffing, and no Referer leaking URLs (which may hold the IPTV token).
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                var path = context.Request.Path;
                if ((path.StartsWithSegments("/admin") && !path.StartsWithSegments("/admin/assets")) || path.StartsWithSegments("/api"))
                {
                    // Pages show a new API key once; no cache should keep a copy.
                    headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
}
