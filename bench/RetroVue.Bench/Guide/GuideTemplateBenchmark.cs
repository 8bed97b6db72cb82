using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RetroVue.Adapters.Guide;
using RetroVue.App.Guide;
using RetroVue.App.Guide.Templates;
using RetroVue.Bench.Scheduling;
using RetroVue.Domain.Scheduling;

namespace RetroVue.Bench.Guide;

/// <summary>
/// Guide templates (issue 11): what compiling a template costs (the first in a process, which loads Roslyn, and each
/// further distinct one), and the XMLTV guide of one channel for a week, and of 100 channels for 48 hours, rendered
/// with and without templates (median of the runs after a warm-up).
/// </summary>
internal static class GuideTemplateBenchmark
{
    private static readonly GuideTemplates Templates = new(
        "@if (Model.IsMovie) {<text>@Model.Title (@Model.Year)</text>} else { @Model.Title }",
        "@if (Model.IsEpisode) {<text>@Model.EpisodeCode · @Model.EpisodeTitle</text>}",
        "@Model.Weekday @Model.StartTime–@Model.StopTime (@Model.Duration) on @Model.ChannelName\n@Truncate(Model.Summary, 200)");

    public static async Task<int> RunAsync(int runs, CancellationToken cancellationToken)
    {
        Console.WriteLine($"Guide template benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {runs} runs per figure");
        var snapshot = BenchCatalog.Create();
        var engine = new RazorGuideTemplateEngine(TimeProvider.System, Options.Create(new GuideOptions()));
        var renderer = new GuideTextRenderer(engine, NullLogger<GuideTextRenderer>.Instance);
        var model = SampleModel();

        // Compilation: the first template of the process pays for loading and JIT-compiling Roslyn and Razor.
        var first = Stopwatch.StartNew();
        await engine.RenderAsync(GuideTemplateParser.Parse(Templates.Title!), model, cancellationToken);
        first.Stop();
        var further = new List<double>();
        foreach (var template in new[] { Templates.SubTitle!, Templates.Description!, "@Model.Title", "@Upper(Model.Title) S@Pad(Model.Season, 2)" })
        {
            var one = Stopwatch.StartNew();
            await engine.RenderAsync(GuideTemplateParser.Parse(template), model, cancellationToken);
            further.Add(one.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"compile: first template of the process {first.Elapsed.TotalMilliseconds:0} ms; each further distinct template median {ScheduleBenchmark.Median(further):0} ms, worst {further.Max():0} ms"));

        var title = GuideTemplateParser.Parse(Templates.Title!);
        var each = Stopwatch.StartNew();
        const int Renders = 20_000;
        for (var i = 0; i < Renders; i++)
        {
            await engine.RenderAsync(title, model, cancellationToken);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"render: the title template {Renders} times, {each.Elapsed.TotalMilliseconds * 1000 / Renders:0.0} us each"));

        var week = ScheduleBenchmark.GuideOf(ScheduleBenchmark.Build(snapshot, 1, TimeSpan.FromDays(7)), TimeSpan.FromDays(7));

        // Warm-up, so the figures below are steady-state rendering: the writer and the render path JIT-compiled to tier 1.
        await MeasureAsync("warm-up", week, renderer, runs, cancellationToken, print: false);
        await MeasureAsync("1 channel x 7 days", week, renderer, runs, cancellationToken);
        var lineup = ScheduleBenchmark.GuideOf(ScheduleBenchmark.Build(snapshot, 100, TimeSpan.FromDays(2)), TimeSpan.FromHours(48));
        await MeasureAsync("100 channels x 48 h", lineup, renderer, runs, cancellationToken);
        return 0;
    }

    private static async Task MeasureAsync(string what, GuideData guide, GuideTextRenderer renderer, int runs, CancellationToken cancellationToken, bool print = true)
    {
        var programmes = guide.Channels.Sum(c => c.Programmes.Count);
        var (plain, plainBytes) = await TimeAsync(guide, null, runs, cancellationToken);
        foreach (var channel in guide.Channels)
        {
            channel.Channel.UseGuideTemplates(Templates);
        }

        var (templated, templatedBytes) = await TimeAsync(guide, renderer, runs, cancellationToken);
        foreach (var channel in guide.Channels)
        {
            channel.Channel.UseGuideTemplates(GuideTemplates.None);
        }

        if (!print)
        {
            return;
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"XMLTV {what}, {programmes} programmes: without templates median {ScheduleBenchmark.Median(plain):0.0} ms ({plainBytes / 1024} KiB); with 3 templates median {ScheduleBenchmark.Median(templated):0.0} ms, worst {templated.Max():0.0} ms ({templatedBytes / 1024} KiB); {(ScheduleBenchmark.Median(templated) - ScheduleBenchmark.Median(plain)) * 1000 / programmes:0.0} us more per programme"));
    }

    private static async Task<(List<double> Times, long Bytes)> TimeAsync(GuideData guide, GuideTextRenderer? renderer, int runs, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        long bytes = 0;
        for (var run = 0; run <= runs; run++)
        {
            using var output = new MemoryStream();
            var clock = Stopwatch.StartNew();
            await XmltvWriter.WriteAsync(output, guide, _ => null, renderer, cancellationToken);
            clock.Stop();
            bytes = output.Length;
            if (run > 0)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return (times, bytes);
    }

    private static GuideTemplateModel SampleModel() => new()
    {
        Title = "Show 1",
        Kind = "episode",
        StartTime = "06:00",
        StopTime = "06:30",
        StartDate = "2025-01-06",
        Weekday = "Monday",
        Duration = "30m",
        ChannelName = "Bench 1",
        ChannelNumber = "1",
        TimeZone = "UTC",
    };
}
