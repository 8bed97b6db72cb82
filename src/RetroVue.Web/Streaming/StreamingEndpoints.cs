using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using RetroVue.Adapters.Media;
using RetroVue.Adapters.Streaming.Sessions;
using RetroVue.Adapters.Streaming.Tuner;
using RetroVue.Domain.Scheduling;
using RetroVue.Web.Telemetry;

namespace RetroVue.Web.Streaming;

public static class StreamingEndpoints
{
    /// <summary>
    /// GET /iptv/channel/{number}.ts (the live channel, until the client disconnects) and GET /metrics (OpenTelemetry's
    /// Prometheus exporter, see AddRetroVueTelemetry; the IPTV access gate guards it like the streams). Sessions stop, and their ffmpeg children are reaped, when the host shuts down.
    /// </summary>
    public static IEndpointRouteBuilder MapStreamingEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/iptv/channel/{number}.ts", StreamChannelAsync);
        endpoints.MapRetroVueMetrics();

        var services = endpoints.ServiceProvider;
        var lifetime = services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStopping.Register(() => services.GetRequiredService<SessionManager>().StopAllAsync().GetAwaiter().GetResult());
        lifetime.ApplicationStarted.Register(() => RememberHttpPort(services));
        return endpoints;
    }

    /// <summary>GET {api}/sessions: the running channel sessions. Mapped onto the API's guarded /api group.</summary>
    public static IEndpointRouteBuilder MapSessions(this IEndpointRouteBuilder api)
    {
        api.MapGet("/sessions", (SessionManager sessions) => TypedResults.Ok(sessions.Sessions()))
            .WithTags("Streaming")
            .WithSummary("Running channel sessions: viewers, bytes sent, the item playing, restarts, transcode speed.");
        return api;
    }

    /// <summary>
    /// Streams a channel. A `?transcode=` that Jellyfin appends for HDHomeRun tuners (or any other query) is ignored:
    /// the channel's own profile decides.
    /// </summary>
    private static async Task StreamChannelAsync(string number, HttpContext context, SessionManager sessions, FfmpegTools tools)
    {
        if (!ChannelNumber.TryParse(number, out var channel))
        {
            await Problem(context, StatusCodes.Status400BadRequest, $"'{number}' is not a channel number (use e.g. 2 or 2.1).");
            return;
        }

        if (tools.Ffmpeg is { IsAvailable: false, Problem: var missing })
        {
            await Problem(context, StatusCodes.Status503ServiceUnavailable, $"Channels cannot be streamed: {missing}");
            return;
        }

        var aborted = context.RequestAborted;
        ViewerLease? tuned;
        try
        {
            tuned = await sessions.TuneAsync(channel, aborted);
        }
        catch (TranscodeLimitReachedException full)
        {
            context.Response.Headers.RetryAfter = "30";
            await Problem(context, StatusCodes.Status503ServiceUnavailable, full.Message);
            return;
        }

        await using var lease = tuned;
        if (lease is null)
        {
            await Problem(context, StatusCodes.Status404NotFound, $"There is no channel {channel}.");
            return;
        }

        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.ContentType = "video/mp2t";
        context.Response.Headers.CacheControl = "no-cache, no-store";
        try
        {
            await context.Response.StartAsync(aborted);
            while (await lease.Viewer.NextAsync(aborted) is { } chunk)
            {
                await context.Response.Body.WriteAsync(chunk.Data, aborted);
                lease.Session.CountSent(lease.Viewer, chunk.Length);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The viewer hung up.
        }
        catch (IOException) when (aborted.IsCancellationRequested)
        {
            // The viewer hung up mid-write.
        }
    }

    private static Task Problem(HttpContext context, int status, string detail) =>
        Results.Problem(detail: detail, statusCode: status).ExecuteAsync(context);

    private static void RememberHttpPort(IServiceProvider services)
    {
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            if (Uri.TryCreate(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                && uri.Scheme == Uri.UriSchemeHttp)
            {
                services.GetRequiredService<TunerHttpPort>().Set(uri.Port);
                return;
            }
        }
    }
}
