using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RetroVue.Adapters;
using RetroVue.Adapters.Scheduling;
using RetroVue.Adapters.Sync;
using RetroVue.App;

namespace RetroVue.Tests.Channels;

public sealed class TimelineJobTests
{
    [Fact]
    public async Task The_recurring_job_builds_every_enabled_channel_as_soon_as_a_job_server_starts()
    {
        var settings = new Dictionary<string, string?> { ["Playout:HorizonDays"] = "1", ["Sync:PollInterval"] = "00:00:00.200" };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await using var harness = await ChannelHarness.CreateAsync(settings);
        await harness.ShowAsync("Sitcom", 1, 6, TimeSpan.FromMinutes(22));
        await harness.ApplyAsync(("a.yaml", Yamls.Sitcoms("2", "One")), ("b.yaml", Yamls.Sitcoms("3", "Two")));

        // The server as the web host composes it, on the harness's database and clock.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<TimeProvider>(harness.Clock);
        builder.Services.AddRetroVueApp(configuration).AddRetroVueAdapters(configuration, harness.ConnectionString);
        builder.Services.AddRetroVueSyncScheduler(configuration, harness.ConnectionString).AddTimelineJobs(configuration);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await harness.Channels.ListAsync(CancellationToken.None)).Any(c => c.BuiltUntil is null) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();
            var recurring = Assert.Single(connection.GetRecurringJobs(), j => j.Id == TimelineExtensionJob.RecurringJobId);
            Assert.Equal("0 * * * *", recurring.Cron);
            Assert.All(await harness.Channels.ListAsync(CancellationToken.None), c => Assert.True(c.BuiltUntil >= harness.Clock.Now.AddDays(1), $"channel {c.Number} built until {c.BuiltUntil}"));
            Assert.NotEmpty(await harness.TimelineAsync("3"));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
