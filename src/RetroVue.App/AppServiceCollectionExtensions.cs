using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RetroVue.App.Collections;
using RetroVue.App.Guide;
using RetroVue.App.Guide.Templates;
using RetroVue.App.Ingest;
using RetroVue.App.Library;
using RetroVue.App.Review;
using RetroVue.App.Scheduling;
using RetroVue.App.Scheduling.Editing;
using RetroVue.App.Security;
using RetroVue.App.Sources;
using RetroVue.App.Streaming;

namespace RetroVue.App;

public static class AppServiceCollectionExtensions
{
    /// <summary>The use cases. Importers, enrichers and persistence come from Adapters.</summary>
    public static IServiceCollection AddRetroVueApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<IngestOptions>(configuration.GetSection(IngestOptions.SectionName));
        services.AddSingleton<ImporterRegistry>();
        services.AddSingleton<MetadataEnricherRegistry>();
        services.AddSingleton<EnricherRegistry>();
        services.AddSingleton<AssetEnrichment>();
        services.AddSingleton<IngestService>();
        services.AddSingleton<SourceService>();
        services.AddSingleton<LibraryQueries>();
        services.AddSingleton<ReviewService>();
        services.Configure<PlayoutOptions>(configuration.GetSection(PlayoutOptions.SectionName));
        services.Configure<GuideOptions>(configuration.GetSection(GuideOptions.SectionName));
        services.AddSingleton<CatalogSnapshotLoader>();
        services.AddSingleton<ChannelService>();
        services.AddSingleton<CollectionService>();
        services.AddSingleton<PlayoutService>();
        services.AddSingleton<TimelineQueries>();
        services.AddSingleton<GuideService>();
        services.AddSingleton<GuideTextRenderer>();
        services.AddSingleton<ArtworkLookup>();
        services.AddSingleton<ReviewQueue>();
        services.AddSingleton<LibraryBrowser>();
        services.Configure<SourceAddressOptions>(configuration.GetSection(SourceAddressOptions.SectionName));
        services.AddSingleton<SourceEditor>();
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<IptvAccess>();
        services.AddSingleton<ITunerPathPrefix>(provider => provider.GetRequiredService<IptvAccess>());
        services.AddSingleton<ChannelEditor>();
        services.AddSingleton<ChannelPublisher>();
        services.AddSingleton<ChannelOverview>();
        services.AddSingleton<GuideGrid>();
        services.AddSingleton<SyncRunQueries>();
        services.AddSingleton<StoredPlayoutSource>();
        services.AddSingleton<IPlayoutSource>(provider => provider.GetRequiredService<StoredPlayoutSource>());
        services.AddSingleton<IChannelDirectory>(provider => provider.GetRequiredService<StoredPlayoutSource>());
        services.AddSingleton<IPlaybackFaultSink, ReviewQueueFaultSink>();
        return services;
    }
}
