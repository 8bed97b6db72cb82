using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using RetroVue.Adapters.Scheduling;
using RetroVue.App.Scheduling;

namespace RetroVue.Adapters;

public static class TimelineJobsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the timeline extension job to every Quartz scheduler the host registers (with AddQuartz): once at start,
    /// then every Playout:ExtendEveryMinutes. Registers no scheduler itself, so it composes with the host's job store.
    /// </summary>
    public static IServiceCollection AddTimelineJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new PlayoutOptions();
        configuration.GetSection(PlayoutOptions.SectionName).Bind(options);
        var every = TimeSpan.FromMinutes(Math.Clamp(options.ExtendEveryMinutes, 1, 24 * 60));
        services.ConfigureAllQuartzSchedulers(quartz =>
        {
            quartz.AddJob<TimelineExtensionJob>(job => job.WithIdentity(TimelineExtensionJob.Key).StoreDurably());
            quartz.AddTrigger(trigger => trigger
                .ForJob(TimelineExtensionJob.Key)
                .WithIdentity("extend-timelines-every", "retrovue")
                .StartNow()
                .WithSimpleSchedule(schedule => schedule.WithInterval(every).RepeatForever()));
        });
        return services;
    }
}
