using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using RetroVue.Adapters;
using RetroVue.Adapters.Scheduling;

namespace RetroVue.Tests.Channels;

public sealed class TimelineJobTests
{
    [Fact]
    public async Task The_registered_job_builds_every_enabled_channel_as_soon_as_the_scheduler_starts()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Playout:HorizonDays"] = "1" }).Build();
        await using var harness = await ChannelHarness.CreateAsync(
            configure: services => services.AddQuartz().AddTimelineJobs(configuration));
        await harness.ShowAsync("Sitcom", 1, 6, TimeSpan.FromMinutes(22));
        await harness.ApplyAsync(("a.yaml", Yamls.Sitcoms("2", "One")), ("b.yaml", Yamls.Sitcoms("3", "Two")));
        var scheduler = await harness.Get<ISchedulerFactory>().GetScheduler();

        await scheduler.Start();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await harness.Channels.ListAsync(CancellationToken.None)).Any(c => c.BuiltUntil is null) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            Assert.NotNull(await scheduler.GetJobDetail(TimelineExtensionJob.Key));
            Assert.All(await harness.Channels.ListAsync(CancellationToken.None), c => Assert.True(c.BuiltUntil >= harness.Clock.Now.AddDays(1), $"channel {c.Number} built until {c.BuiltUntil}"));
            Assert.NotEmpty(await harness.TimelineAsync("3"));
        }
        finally
        {
            await scheduler.Shutdown(waitForJobsToComplete: true);
        }
    }
}
