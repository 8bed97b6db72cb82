using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RetroVue.Adapters.Plex;
using RetroVue.App.Ingest;
using RetroVue.Domain.Library;

namespace RetroVue.Tests.Plex.Support;

/// <summary>The Plex services as the application registers them, with short timeouts and every log line captured.</summary>
public sealed class PlexTestHost : IDisposable
{
    private readonly ServiceProvider _services;

    public PlexTestHost(Action<PlexOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        // The fake Plex servers listen on 127.0.0.1, which the source address policy refuses unless told otherwise.
        services.AddRetroVuePlex(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Sources:AllowLoopback"] = "true" }).Build());
        services.AddSingleton<ImporterRegistry>();
        services.Configure<PlexOptions>(options =>
        {
            options.ClientIdentifier = "retrovue-test-client";
            options.RequestTimeout = TimeSpan.FromSeconds(5);
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            options.MaxRetries = 2;
            configure?.Invoke(options);
        });
        _services = services.BuildServiceProvider();
    }

    public CapturingLoggerProvider Logs { get; } = new();

    public PlexClientFactory Clients => _services.GetRequiredService<PlexClientFactory>();

    public IMediaImporter Importer => _services.GetRequiredService<ImporterRegistry>().For(SourceKind.Plex);

    public IServiceProvider Services => _services;

    public PlexClient ClientFor(FakePlexServer server, string? token = null) =>
        Clients.Create(new PlexConnection(server.BaseUri.ToString(), token ?? server.Token));

    public static Source PlexSource(FakePlexServer server, string? libraries = null, string? token = null)
    {
        var settings = new Dictionary<string, string>
        {
            [PlexSourceSettings.Url] = server.BaseUri.ToString(),
            [PlexSourceSettings.Token] = token ?? server.Token,
        };
        if (libraries is not null)
        {
            settings[PlexSourceSettings.LibrariesKey] = libraries;
        }

        return new Source("plex1", SourceKind.Plex, settings, DateTimeOffset.UnixEpoch);
    }

    public async Task<(List<DiscoveredAsset> Assets, ImportScan Scan)> DiscoverAsync(Source source, CancellationToken cancellationToken = default)
    {
        var scan = new ImportScan();
        var assets = new List<DiscoveredAsset>();
        await foreach (var asset in Importer.DiscoverAsync(source, scan, cancellationToken))
        {
            assets.Add(asset);
        }

        return (assets, scan);
    }

    public void Dispose() => _services.Dispose();
}
