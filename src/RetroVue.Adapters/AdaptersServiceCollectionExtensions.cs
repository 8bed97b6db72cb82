using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.Adapters.Demo;
using RetroVue.Adapters.Guide;
using RetroVue.Adapters.Health;
using RetroVue.Adapters.Ingest;
using RetroVue.Adapters.Ingest.Filesystem;
using RetroVue.Adapters.Jellyfin;
using RetroVue.Adapters.Media;
using RetroVue.Adapters.Media.Probing;
using RetroVue.Adapters.Plex;
using RetroVue.Adapters.Sources;
using RetroVue.App.Guide.Templates;
using RetroVue.App.Ingest;

namespace RetroVue.Adapters;

public static class AdaptersServiceCollectionExtensions
{
    /// <summary>Persistence, importers, enrichers and health checks: everything that touches the outside world.</summary>
    public static IServiceCollection AddRetroVueAdapters(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        services.AddRetroVuePersistence(connectionString);
        services.AddSingleton<ISourceLock, PostgresSourceLock>();
        services.AddSingleton<IMetadataEnricher, Ingest.Nfo.NfoMetadataEnricher>();
        services.AddSingleton<IMediaImporter>(sp => new FilesystemImporter(new LocalDirectoryLister(), sp.GetRequiredService<MetadataEnricherRegistry>()));
        services.Configure<FfmpegOptions>(configuration.GetSection(FfmpegOptions.SectionName));
        services.AddSingleton<FfmpegTools>();
        services.AddSingleton<FfprobeEnricher>();
        services.AddSingleton<IAssetEnricher>(provider => provider.GetRequiredService<FfprobeEnricher>());
        services.AddSingleton<DemoLibraryGenerator>();
        services.AddSingleton<IGuideTemplateEngine, RazorGuideTemplateEngine>();
        services.AddRetroVuePlex(configuration);
        services.AddRetroVueJellyfin(configuration);
        services.AddSingleton<SourceConnectionTester>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<MediaToolsHealthCheck>("ffmpeg");
        return services;
    }
}
