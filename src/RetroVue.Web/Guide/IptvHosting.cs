using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace RetroVue.Web.Guide;

public static class IptvHosting
{
    /// <summary>
    /// Honours X-Forwarded-Proto/Host/For from proxies on this machine, and from the addresses or networks listed
    /// in Web:TrustedProxies (comma-separated, e.g. "10.0.0.0/8,192.168.1.5"), so playlist URLs point where clients came from.
    /// </summary>
    public static IServiceCollection AddIptvEndpoints(this IServiceCollection services, IConfiguration configuration)
    {
        var trusted = (configuration["Web:TrustedProxies"] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var entry in trusted)
            {
                if (entry.Contains('/', StringComparison.Ordinal))
                {
                    options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
                }
                else
                {
                    options.KnownProxies.Add(IPAddress.Parse(entry));
                }
            }
        });
        return services;
    }

    /// <summary>The guide, the playlist and the guide's artwork, behind the forwarded-headers middleware.</summary>
    public static WebApplication UseIptvEndpoints(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.MapGuideEndpoints();
        app.MapArtworkEndpoints();
        return app;
    }
}
