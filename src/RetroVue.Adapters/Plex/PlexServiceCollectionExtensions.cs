using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RetroVue.Adapters.Sources;
using RetroVue.App.Ingest;
using RetroVue.App.Sources;

namespace RetroVue.Adapters.Plex;

public static class PlexServiceCollectionExtensions
{
    /// <summary>The Plex client factory, its pooled HttpClient, the Plex importer plugin, the artwork reader (which fetches Plex images) and the locator that plays unmounted Plex files from the server.</summary>
    public static IServiceCollection AddRetroVuePlex(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<PlexOptions>().Bind(configuration.GetSection(PlexOptions.SectionName));

        // Timeouts are per attempt in PlexClient's resilience pipeline, so HttpClient's own one is off.
        // The token header is masked in HttpClient's own trace logging as well.
        // Every connection goes through the source address policy, and no redirect is followed (the token stays put).
        services.Configure<SourceAddressOptions>(configuration.GetSection(SourceAddressOptions.SectionName));
        services.TryAddSingleton<SourceConnectionGuard>();
        services.AddHttpClient(PlexClientFactory.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => provider.GetRequiredService<SourceConnectionGuard>().NewHandler())
            .RedactLoggedHeaders(["X-Plex-Token"]);
        services.AddSingleton<PlexClientFactory>();
        services.AddSingleton<IMediaImporter, PlexImporter>();
        services.AddSingleton<PlexSourceSetup>();
        services.TryAddSingleton<Streaming.Remote.RemoteMediaClient>();
        services.AddSingleton<PlexSourceTester>();
        services.AddSingleton<App.Streaming.IRemoteMediaLocator, PlexRemoteMediaLocator>();
        services.AddSingleton<Artwork.ArtworkReader>();
        return services;
    }
}
