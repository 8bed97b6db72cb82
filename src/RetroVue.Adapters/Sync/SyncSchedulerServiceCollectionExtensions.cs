using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace RetroVue.Adapters.Sync;

public static class SyncSchedulerServiceCollectionExtensions
{
    /// <summary>Quartz's persistent store table prefix; the tables come from migration 0003_quartz.sql.</summary>
    public const string TablePrefix = "qrtz_";

    /// <summary>The Quartz scheduler name shared by every node of a cluster.</summary>
    public const string SchedulerName = "RetroVue";

    /// <summary>
    /// Scheduled source syncs for a long-running host: Quartz with its ADO.NET store in RetroVue's PostgreSQL database,
    /// clustered (each firing runs on one node only; a node that dies has its running syncs recovered by another),
    /// the hosted service that starts and stops it, and the refresher that keeps one job per source.
    /// </summary>
    public static IServiceCollection AddRetroVueSyncScheduler(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        var section = configuration.GetSection(SourceSyncOptions.SectionName);
        services.Configure<SourceSyncOptions>(section);
        var settings = section.Get<SourceSyncOptions>() ?? new SourceSyncOptions();
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler => scheduler.InstanceName = SchedulerName);
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.UseClustering(cluster => cluster.CheckinInterval = settings.ClusterCheckinInterval);
                store.ConfigureStore(options =>
                {
                    options.TablePrefix = TablePrefix;
                    options.SchemaProvisioning = SchemaProvisioning.Validate;
                });
            });
        });
        services.AddSingleton<SourceSyncScheduler>();
        services.AddSingleton<BackgroundJobs>();
        services.AddSingleton<SyncNow>();
        services.AddSingleton<InlineSyncRunner>();
        services.AddHostedService(provider => provider.GetRequiredService<InlineSyncRunner>());
        if (settings.Enabled)
        {
            services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
            services.AddHostedService<SourceSyncScheduleRefresher>();
        }

        return services;
    }
}
