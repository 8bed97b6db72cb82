using RetroVue.Web.Telemetry;
using Serilog;
using Serilog.Events;

namespace RetroVue.Web;

/// <summary>
/// One log line per request, when it completes: method, path (tuner token masked), status and elapsed time. A channel
/// stream is one request however long it plays, so it is logged once, when the viewer leaves. Scrapes, health checks
/// and the admin's static files are logged at Debug so that they do not drown the rest.
/// </summary>
public static class RequestLogging
{
    public const string MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0} ms";

    public static IApplicationBuilder UseRetroVueRequestLogging(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
            options.MessageTemplate = MessageTemplate;
            options.IncludeQueryInRequestPath = false;
            options.GetLevel = LevelOf;
            options.GetMessageTemplateProperties = (context, _, elapsed, status) =>
            [
                new LogEventProperty("RequestMethod", new ScalarValue(context.Request.Method)),
                new LogEventProperty("RequestPath", new ScalarValue(MaskedRequestPath.Of(context.Request))),
                new LogEventProperty("StatusCode", new ScalarValue(status)),
                new LogEventProperty("Elapsed", new ScalarValue(elapsed)),
            ];
        });

    private static LogEventLevel LevelOf(HttpContext context, double elapsed, Exception? error)
    {
        if (error is not null || context.Response.StatusCode >= StatusCodes.Status500InternalServerError)
        {
            return LogEventLevel.Error;
        }

        var path = context.Request.Path;
        return path.StartsWithSegments("/metrics") || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/admin/assets")
            ? LogEventLevel.Debug
            : LogEventLevel.Information;
    }
}
