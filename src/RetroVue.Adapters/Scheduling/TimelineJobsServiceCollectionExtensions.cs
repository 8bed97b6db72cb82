using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.Adapters.Scheduling;
using RetroVue.App.Scheduling;

namespace RetroVue.Adapters;

public static class TimelineJobsServiceCollectionExtensions
{
    /// <summary>
    /// The timeline extension as a Hangfire recurring job: run once when a job server starts here, then every
    /// Playout:ExtendEveryMinutes. Registers no job server itself (AddRetroVueSyncScheduler does, when Sync:Enabled).
    /// </summary>
    public static IServiceCollection AddTimelineJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new PlayoutOptions();
        configuration.GetSection(PlayoutOptions.SectionName).Bind(options);
        var every = TimeSpan.FromMinutes(Math.Clamp(options.ExtendEveryMinutes, 1, 24 * 60));
        services.AddTransient<TimelineExtensionJob>();
        services.AddHostedService(provider => ActivatorUtilities.CreateInstance<TimelineJobRegistration>(provider, every));
        return services;
    }
}
