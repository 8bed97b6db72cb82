using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.Adapters.Health;
using RetroVue.Adapters.Plex;

namespace RetroVue.Adapters;

public static class AdaptersServiceCollectionExtensions
{
    /// <summary>Persistence, importers, enrichers and health checks: everything that touches the outside world.</summary>
    public static IServiceCollection AddRetroVueAdapters(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        services.AddRetroVuePersistence(connectionString);
        services.AddRetroVuePlex(configuration);
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database");
        return services;
    }
}
