using RetroVue.Adapters;
using RetroVue.Adapters.Media;
using RetroVue.Adapters.Persistence;
using RetroVue.Adapters.Streaming;
using RetroVue.Adapters.Sync;
using RetroVue.App;
using RetroVue.App.Security;
using RetroVue.Web.Admin;
using RetroVue.Web.Admin.Jobs;
using RetroVue.Web.Admin.Security;
using RetroVue.Web.Guide;
using RetroVue.Web.Health;
using RetroVue.Web.Streaming;
using RetroVue.Web.Telemetry;
using Serilog;

namespace RetroVue.Web;

/// <summary>Builds and runs the ASP.NET Core host: IPTV endpoints, REST API and admin pages.</summary>
public static class RetroVueWebHost
{
    public static async Task<int> RunAsync(string[] args, string? dataDirectory, CancellationToken cancellationToken)
    {
        // Settings live beside the binary, wherever the server is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,

            // Razor Pages are found in this assembly, also when the CLI is the entry point.
            ApplicationName = typeof(RetroVueWebHost).Assembly.GetName().Name,
        });
        builder.Configuration.AddEnvironmentVariables("RETROVUE_");
        builder.Logging.ClearProviders();

        // The host's logger is built with the container, so that sinks registered as services (ILogEventSink) join it.
        builder.Services.AddSerilog((services, logging) => RetroVueLogging.Configure(logging, builder.Configuration).ReadFrom.Services(services), preserveStaticLogger: true);

        // Before the container exists (opening and migrating the database), a logger of the same settings speaks for it.
        var settings = DatabaseSettings.From(builder.Configuration, dataDirectory);
        using var startupLogger = LoggerFactory.Create(logging => logging.AddSerilog(RetroVueLogging.CreateLogger(builder.Configuration), dispose: true));
        await using var database = await RetroVueDatabase.OpenAsync(settings, startupLogger.CreateLogger("RetroVue.Database"), cancellationToken);
        await new DatabaseMigrator(startupLogger.CreateLogger<DatabaseMigrator>()).MigrateAsync(database.ConnectionString, cancellationToken);

        builder.Services.AddRetroVueApp(builder.Configuration);
        builder.Services.AddRetroVueAdapters(builder.Configuration, database.ConnectionString);
        builder.Services.AddRetroVueSyncScheduler(builder.Configuration, database.ConnectionString);
        builder.Services.AddIptvEndpoints(builder.Configuration).AddTimelineJobs(builder.Configuration);
        builder.Services.AddRetroVueAdmin(builder.Configuration);
        builder.Services.AddRetroVueJobsDashboard();
        builder.Services.AddRetroVueDataProtection(settings.DataDirectory);
        builder.Services.AddRetroVueStreaming(builder.Configuration, settings.DataDirectory);
        builder.Services.AddRetroVueTelemetry(builder.Configuration);

        var app = builder.Build();
        ReportMissingMediaTools(app);
        app.UseRetroVueRequestLogging();
        app.UseRetroVueAdmin();
        app.MapHealthEndpoints();
        app.UseIptvEndpoints();
        app.MapRetroVueAdmin();
        app.MapRetroVueJobsDashboard();
        app.MapStreamingEndpoints();
        app.MapTunerEndpoints();
        app.Lifetime.ApplicationStarted.Register(() => AnnounceAddresses(app));
        await app.RunAsync(cancellationToken);
        return 0;
    }

    /// <summary>Without ffmpeg the server still starts (catalog, guide, admin work), but says at once what to install.</summary>
    private static void ReportMissingMediaTools(WebApplication app)
    {
        var tools = app.Services.GetRequiredService<FfmpegTools>();
        foreach (var tool in new[] { tools.Ffmpeg, tools.Ffprobe }.Where(tool => !tool.IsAvailable))
        {
            app.Logger.LogError("{Problem}. Channels cannot stream and files cannot be probed until it is installed.", tool.Problem);
        }
    }

    /// <summary>Tells the operator where to point a player, with a loopback address for "listen on all interfaces".</summary>
    private static void AnnounceAddresses(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            var baseUrl = address.Replace("0.0.0.0", "localhost", StringComparison.Ordinal).Replace("[::]", "localhost", StringComparison.Ordinal).TrimEnd('/');
            Console.Out.WriteLine($"RetroVue is on the air at {baseUrl}");
            Console.Out.WriteLine($"  playlist (open in VLC, Kodi, TiviMate...): {baseUrl}/iptv/channels.m3u");
            Console.Out.WriteLine($"  guide: {baseUrl}/iptv/xmltv.xml   admin: {baseUrl}/admin   tuner (Plex, Jellyfin): {baseUrl}/discover.json");
        }

        if (addresses.Count > 0 && TokenRequired(app))
        {
            // The token is a secret and console output often ends up in a journal: say where to find it instead.
            Console.Out.WriteLine("  the IPTV token is required: the playlist, guide and tuner addresses with it are on the admin's Settings page");
        }
    }

    private static bool TokenRequired(WebApplication app)
    {
        try
        {
            using var scope = app.Services.CreateScope();
            return scope.ServiceProvider.GetRequiredService<IptvAccess>().GetAsync(app.Lifetime.ApplicationStopping).GetAwaiter().GetResult().TokenRequired;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            app.Logger.LogWarning(e, "Could not read whether the IPTV token is required");
            return false;
        }
    }
}
