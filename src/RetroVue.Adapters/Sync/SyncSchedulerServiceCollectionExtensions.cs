using Hangfire;
using Hangfire.AspNetCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace RetroVue.Adapters.Sync;

public static class SyncSchedulerServiceCollectionExtensions
{
    /// <summary>
    /// Background jobs for a long-running host: Hangfire on its PostgreSQL storage in RetroVue's database (schema
    /// "hangfire"), shared by every node: each queued or recurring job runs on one node only, and a node that dies
    /// has its running jobs taken over by another. With Sync:Enabled this host also runs a job server and the
    /// refresher that keeps one recurring job per source; without it, it only reads and writes the store.
    /// </summary>
    /// <remarks>
    /// The storage and the job activator are this container's own services rather than Hangfire's process-wide
    /// defaults, so several hosts in one process (the tests) each keep to their own database.
    /// </remarks>
    public static IServiceCollection AddRetroVueSyncScheduler(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        var section = configuration.GetSection(SourceSyncOptions.SectionName);
        services.Configure<SourceSyncOptions>(section);
        var settings = section.Get<SourceSyncOptions>() ?? new SourceSyncOptions();
        services.AddSingleton(_ => BackgroundJobStore.Open(connectionString, settings));
        services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(hangfire => hangfire
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddTransient<SourceSyncJob>();
        services.AddSingleton<SourceSyncScheduler>();
        services.AddSingleton<BackgroundJobs>();
        services.AddSingleton<SyncNow>();
        services.AddSingleton<InlineSyncRunner>();
        services.AddHostedService(provider => provider.GetRequiredService<InlineSyncRunner>());
        if (settings.Enabled)
        {
            services.AddHangfireServer((provider, server) =>
            {
                server.WorkerCount = Math.Max(1, settings.WorkerCount);
                server.SchedulePollingInterval = settings.PollInterval;
                server.ServerCheckInterval = TimeSpan.FromMinutes(1);

                // Stopping the host cancels the running syncs' tokens; they end at their next checkpoint.
                server.ShutdownTimeout = TimeSpan.FromSeconds(30);
            });
            services.AddHostedService<SourceSyncScheduleRefresher>();
        }

        return services;
    }
}
