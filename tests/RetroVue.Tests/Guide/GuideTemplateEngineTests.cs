using Microsoft.Extensions.Options;
using RetroVue.Adapters.Guide;
using RetroVue.App.Guide;
using RetroVue.App.Guide.Templates;

namespace RetroVue.Tests.Guide;

/// <summary>Checked templates compiled by RazorLight and rendered for one programme's model.</summary>
public sealed class GuideTemplateEngineTests
{
    internal static GuideTemplateModel Episode(string? summary = "A & B <c>") => new()
    {
        Title = "Sitcom",
        EpisodeTitle = "Pilot",
        Season = 1,
        Episode = 2,
        EpisodeCode = "S01E02",
        Year = 1991,
        Date = "19910101",
        Category = "Series",
        Summary = summary,
        Kind = "episode",
        IsEpisode = true,
        StartTime = "18:30",
        StopTime = "19:00",
        StartDate = "2025-01-06",
        Weekday = "Monday",
        DurationMinutes = 30,
        Duration = "30m",
        FillerMinutes = 2,
        ChannelName = "Classic",
        ChannelNumber = "2",
        TimeZone = "America/New_York",
    };

    internal static RazorGuideTemplateEngine Engine(GuideOptions? options = null) =>
        new(TimeProvider.System, Options.Create(options ?? new GuideOptions()));

    private static Task<string> RenderAsync(RazorGuideTemplateEngine engine, string template, GuideTemplateModel? model = null) =>
        engine.RenderAsync(GuideTemplateParser.Parse(template), model ?? Episode(), CancellationToken.None).AsTask();

    [Fact]
    public async Task Every_construct_of_the_template_language_compiles_and_renders_as_documented()
    {
        var engine = Engine();
        const string template = """
            @Model.Title @(Model.EpisodeCode) – @@home @* a comment *@
            S@Pad(Model.Season, 2)E@Pad(Model.Episode, 3) @Upper(Model.EpisodeTitle) @Lower(Model.Category) @Truncate(Model.Summary, 4)
            @if (Model.IsMovie) { Film } else if (Model.Season >= 1 && Model.Kind == "episode" && !(Model.Year < 1990)) {<text> Season @Model.Season! </text>} else { Other }
            @if (Model.Summary == null || Model.Title != "x\"y") { yes }|@Model.StartTime-@Model.StopTime @Model.Weekday @Model.IsEpisode
            """;

        var text = await RenderAsync(engine, template);

        Assert.Equal(
            "Sitcom S01E02 – @home \nS01E002 PILOT series A &…\n Season 1! \nyes|18:30-19:00 Monday true",
            text);
    }

    [Fact]
    public async Task Rendered_text_is_not_html_encoded_so_the_xml_writer_escapes_it_exactly_once()
    {
        var text = await RenderAsync(Engine(), "@Model.Summary & <b>\"it's\"</b>");

        Assert.Equal("A & B <c> & <b>\"it's\"</b>", text);
    }

    [Fact]
    public async Task A_template_is_compiled_once_however_often_it_is_rendered()
    {
        var engine = Engine();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("Sitcom", await RenderAsync(engine, "@Model.Title"));
        }

        Assert.Equal("Pilot", await RenderAsync(engine, "@Model.EpisodeTitle"));
        Assert.Equal(2, engine.CompiledCount);
    }

    [Fact]
    public async Task A_render_that_writes_past_the_output_limit_is_stopped()
    {
        var engine = Engine(new GuideOptions { TemplateMaxOutput = 100 });
        var template = string.Concat(Enumerable.Repeat("@Model.Summary ", 50));

        var error = await Assert.ThrowsAsync<GuideTemplateLimitException>(() => RenderAsync(engine, template));

        Assert.Contains("more than 100 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_render_that_runs_past_its_time_budget_is_stopped()
    {
        var engine = Engine(new GuideOptions { TemplateRenderTimeout = TimeSpan.FromTicks(-1) });

        var error = await Assert.ThrowsAsync<GuideTemplateLimitException>(() => RenderAsync(engine, "@Model.Title"));

        Assert.Contains("render time limit", error.Message, StringComparison.Ordinal);
    }
}
