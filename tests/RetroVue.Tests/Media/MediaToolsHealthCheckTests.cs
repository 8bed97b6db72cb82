using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using RetroVue.Adapters;
using RetroVue.Adapters.Health;
using RetroVue.Adapters.Media;
using RetroVue.Adapters.Media.Probing;
using RetroVue.App;
using RetroVue.App.Ingest;

namespace RetroVue.Tests.Media;

public sealed class MediaToolsHealthCheckTests
{
    [Fact]
    public async Task Is_healthy_and_names_both_paths_when_ffmpeg_and_ffprobe_are_installed()
    {
        var check = new MediaToolsHealthCheck(new FfmpegTools(Options.Create(new FfmpegOptions())));

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Contains("ffmpeg at /", result.Description, StringComparison.Ordinal);
        Assert.Contains("ffprobe at /", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Is_unhealthy_with_the_install_hint_when_the_tools_are_missing()
    {
        var check = new MediaToolsHealthCheck(new FfmpegTools(Options.Create(new FfmpegOptions()), findOnPath: _ => null));

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal(
            "ffmpeg was not found on PATH: install it with 'sudo apt-get install ffmpeg' (or set Ffmpeg:FfmpegPath); "
            + "ffprobe was not found on PATH: install it with 'sudo apt-get install ffmpeg' (or set Ffmpeg:FfprobePath)",
            result.Description);
    }

    [Fact]
    public void Configured_paths_win_over_path_and_a_wrong_one_is_reported_with_its_key()
    {
        var tools = new FfmpegTools(
            Options.Create(new FfmpegOptions { FfmpegPath = "/usr/bin/ffmpeg", FfprobePath = "/opt/none/ffprobe" }),
            findOnPath: _ => "/somewhere/else");

        Assert.Equal("/usr/bin/ffmpeg", tools.RequireFfmpeg());
        var error = Assert.Throws<EnricherUnavailableException>(tools.RequireFfprobe);
        Assert.Equal("ffprobe was not found at '/opt/none/ffprobe' (Ffmpeg:FfprobePath): install it with 'sudo apt-get install ffmpeg' or correct Ffmpeg:FfprobePath", error.Message);
    }

    [Fact]
    public async Task The_adapters_register_the_ffprobe_enricher_and_the_ffmpeg_health_check()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Ffmpeg:FfprobePath"] = "/usr/bin/ffprobe" })
            .Build();
        var services = new ServiceCollection().AddLogging().AddRetroVueApp(configuration)
            .AddRetroVueAdapters(configuration, "Host=/nonexistent;Database=none");
        await using var provider = services.BuildServiceProvider();

        var enricher = provider.GetRequiredService<EnricherRegistry>().Get("ffprobe");
        Assert.Same(provider.GetRequiredService<FfprobeEnricher>(), enricher);
        Assert.Equal("/usr/bin/ffprobe", provider.GetRequiredService<FfmpegTools>().RequireFfprobe());
        var registrations = provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        Assert.Contains(registrations, r => r.Name == "ffmpeg");
    }
}
