using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using RetroVue.Adapters.Sources;
using RetroVue.App.Ingest;
using RetroVue.App.Sources;

namespace RetroVue.Adapters.Jellyfin;

public static class JellyfinServiceCollectionExtensions
{
    /// <summary>The Jellyfin and Emby importer plugins, their pooled HttpClient (address policy, no redirects, key headers masked in its logs), the tester and the remote stream locator.</summary>
    public static IServiceCollection AddRetroVueJellyfin(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<JellyfinOptions>().Bind(configuration.GetSection(JellyfinOptions.SectionName));
        services.Configure<SourceAddressOptions>(configuration.GetSection(SourceAddressOptions.SectionName));
        services.TryAddSingleton<SourceConnectionGuard>();
        services.AddHttpClient(JellyfinClientFactory.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => provider.GetRequiredService<SourceConnectionGuard>().NewHandler())
            .RedactLoggedHeaders([.. JellyfinFlavor.SecretHeaders]);
        services.AddSingleton<JellyfinClientFactory>();
        services.AddSingleton<IMediaImporter>(provider => new JellyfinImporter(JellyfinFlavor.Jellyfin, provider.GetRequiredService<JellyfinClientFactory>(), provider.GetRequiredService<ILogger<JellyfinImporter>>()));
        services.AddSingleton<IMediaImporter>(provider => new JellyfinImporter(JellyfinFlavor.Emby, provider.GetRequiredService<JellyfinClientFactory>(), provider.GetRequiredService<ILogger<JellyfinImporter>>()));
        services.TryAddSingleton<Streaming.Remote.RemoteMediaClient>();
        services.AddSingleton<JellyfinSourceTester>();
        services.AddSingleton<App.Streaming.IRemoteMediaLocator, JellyfinRemoteMediaLocator>();
        return services;
    }
}
