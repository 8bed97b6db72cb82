using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetroVue.Adapters.Processes;
using RetroVue.App.Guide;
using RetroVue.App.Guide.Templates;
using RetroVue.App.Scheduling;
using RetroVue.App.Scheduling.Yaml;
using RetroVue.Domain.Scheduling;
using RetroVue.Tests.Channels;
using RetroVue.Tests.Plex.Support;

namespace RetroVue.Tests.Guide;

/// <summary>Channel guide templates from the schedule document to the XMLTV guide served over HTTP.</summary>
public sealed class GuideTemplateGuideTests
{
    private const string MovieOrSeriesTitle = "@if (Model.IsMovie) {<text>@Model.Title (@Model.Year)</text>} else { @Model.Title }";
    private const string EpisodeSubTitle = "@if (Model.IsEpisode) {<text>@Model.EpisodeCode · @Model.EpisodeTitle</text>}";
    private const string WhenAndSummary = "@Model.Weekday @Model.StartTime–@Model.StopTime on @Model.ChannelName (@Model.Duration)\n@Model.Summary";

    /// <summary>A channel.guide section (indented for the channel map) with each template as a '|' block.</summary>
    internal static string GuideSection(string? title, string? subTitle, string? description)
    {
        var text = new StringBuilder("  guide:\n");
        foreach (var (key, template) in new[] { ("title", title), ("sub_title", subTitle), ("description", description) })
        {
            if (template is not null)
            {
                text.Append("    ").Append(key).Append(": |\n");
                foreach (var line in template.Split('\n'))
                {
                    text.Append("      ").Append(line).Append('\n');
                }
            }
        }

        return text.ToString();
    }

    [Fact]
    public async Task The_xmltv_guide_shows_each_programme_in_the_channel_templates_escaped_exactly_once()
    {
        await using var harness = await PlayoutServiceTests.SeededAsync();
        var templated = Yamls.Channel("2", "Classic", GuideSection(MovieOrSeriesTitle, EpisodeSubTitle, WhenAndSummary) + Yamls.SitcomsFillerAndMovies, zone: "America/New_York");
        await harness.ApplyAsync(("c.yaml", templated), ("p.yaml", Yamls.Channel("3", "Plain", Yamls.SitcomsFillerAndMovies, zone: "America/New_York")));
        await harness.BuildAsync(days: 3);
        await using var web = await IptvWebHost.StartAsync(harness.ConnectionString, harness.Clock);

        var bytes = await web.Client.GetByteArrayAsync("/iptv/xmltv.xml");

        var file = Path.Combine(Directory.CreateTempSubdirectory("rv-xmltv-").FullName, "guide.xml");
        await File.WriteAllBytesAsync(file, bytes);
        var validation = await ProcessRunner.RunAsync("tv_validate_file", ["--dtd-file", "/usr/share/xmltv/xmltv.dtd", file], TimeSpan.FromMinutes(2));
        Assert.True(validation.Succeeded, $"tv_validate_file failed:\n{validation.StandardOutput}\n{validation.StandardError}");

        var xml = Encoding.UTF8.GetString(bytes);
        var tv = XDocument.Parse(xml).Root!;
        var ids = tv.Elements("channel").ToDictionary(c => c.Elements("display-name").Last().Value, c => (string)c.Attribute("id")!);
        var templatedProgrammes = tv.Elements("programme").Where(p => (string)p.Attribute("channel")! == ids["Classic"]).ToList();
        var plainProgrammes = tv.Elements("programme").Where(p => (string)p.Attribute("channel")! == ids["Plain"]).ToList();

        var pilot = templatedProgrammes.First(p => p.Element("sub-title")?.Value == "S01E01 · Sitcom 1x1");
        Assert.Equal("Sitcom", pilot.Element("title")!.Value);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var start = TimeZoneInfo.ConvertTime(ParseTime((string)pilot.Attribute("start")!), zone);
        var stop = TimeZoneInfo.ConvertTime(ParseTime((string)pilot.Attribute("stop")!), zone);
        Assert.Equal($"{start.DayOfWeek} {start:HH:mm}–{stop:HH:mm} on Classic ({GuideTemplateModel.Describe(stop - start)})\nEpisode one of season 1 & more <fun>", pilot.Element("desc")!.Value);
        Assert.Contains(templatedProgrammes, p => p.Element("title")!.Value == "Color Bars & \"Forever\" (1979)");
        Assert.Contains("Color Bars &amp; \"Forever\" (1979)", xml, StringComparison.Ordinal);
        Assert.Contains("&amp; more &lt;fun&gt;", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("&amp;amp;", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("&amp;lt;", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("&#", xml, StringComparison.Ordinal);

        // The other channel, without templates, keeps RetroVue's own text.
        Assert.Contains(plainProgrammes, p => p.Element("sub-title")?.Value == "Sitcom 1x1" && p.Element("desc")!.Value == "Episode one of season 1 & more <fun>");
        Assert.Contains(plainProgrammes, p => p.Element("title")!.Value == "Color Bars & \"Forever\"");
    }

    [Fact]
    public async Task The_documented_default_templates_give_exactly_the_guide_of_a_channel_without_templates()
    {
        await using var harness = await PlayoutServiceTests.SeededAsync();
        await harness.ApplyAsync(("c.yaml", Yamls.Channel("2", "Classic", Yamls.SitcomsFillerAndMovies)));
        await harness.BuildAsync(days: 2);
        await using var web = await IptvWebHost.StartAsync(harness.ConnectionString, harness.Clock);
        var without = await web.Client.GetByteArrayAsync("/iptv/xmltv.xml");

        await harness.ApplyAsync(("c.yaml", Yamls.Channel("2", "Classic", GuideSection("@Model.Title", "@Model.EpisodeTitle", "@Model.Summary") + Yamls.SitcomsFillerAndMovies)));
        var with = await web.Client.GetByteArrayAsync("/iptv/xmltv.xml");

        var stored = await harness.QueryAsync(db => Task.FromResult(db.Channels.Single().GuideTemplates));
        Assert.Equal(new GuideTemplates("@Model.Title\n", "@Model.EpisodeTitle\n", "@Model.Summary\n"), stored);
        Assert.Equal(Encoding.UTF8.GetString(without), Encoding.UTF8.GetString(with));
    }

    [Fact]
    public async Task A_template_that_fails_for_a_programme_leaves_that_programme_its_default_text_and_is_logged_once()
    {
        await using var harness = await PlayoutServiceTests.SeededAsync();
        await harness.ApplyAsync(("c.yaml", Yamls.Channel("2", "Classic", GuideSection("@Upper(Model.Title)", null, "@Model.Summary @Model.Summary @Model.Summary") + Yamls.SitcomsFillerAndMovies)));
        await harness.BuildAsync(days: 2);
        using var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        var engine = new RetroVue.Adapters.Guide.RazorGuideTemplateEngine(TimeProvider.System, Options.Create(new GuideOptions { TemplateMaxOutput = 80 }));
        var renderer = new GuideTextRenderer(engine, loggers.CreateLogger<GuideTextRenderer>());
        var data = await harness.Get<GuideService>().LoadAsync(CancellationToken.None);

        var first = await WriteAsync(data, renderer);
        var second = await WriteAsync(data, renderer);

        Assert.Equal(first, second);
        var programmes = XDocument.Parse(first).Root!.Elements("programme").ToList();
        Assert.All(programmes, p => Assert.Equal(p.Element("title")!.Value.ToUpperInvariant(), p.Element("title")!.Value));
        var pilot = programmes.First(p => p.Element("sub-title")?.Value == "Sitcom 1x1");
        Assert.Equal("SITCOM", pilot.Element("title")!.Value);
        Assert.Equal("Episode one of season 1 & more <fun>", pilot.Element("desc")!.Value); // 3 × 36 characters > 80: the default
        Assert.Contains(programmes, p => p.Element("desc")?.Value == "A trip into the set. A trip into the set. A trip into the set."); // 62 characters: rendered
        var warnings = logs.Lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal)).ToList();
        var warning = Assert.Single(warnings);
        Assert.Contains("desc template of channel 2 failed", warning, StringComparison.Ordinal);
        Assert.Contains("wrote more than 80 characters", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Templates_in_a_channel_document_round_trip_through_apply_export_and_the_settings_writer()
    {
        await using var harness = await PlayoutServiceTests.SeededAsync();
        var document = Yamls.Channel("2", "Classic", GuideSection(MovieOrSeriesTitle, EpisodeSubTitle, WhenAndSummary) + Yamls.SitcomsFillerAndMovies);
        await harness.ApplyAsync(("c.yaml", document));

        var export = await harness.Channels.ExportAsync(ChannelNumber.Parse("2"), CancellationToken.None);
        var (exported, errors) = ScheduleYamlReader.Read(new ScheduleSource("export.yaml", export));
        var stored = await harness.QueryAsync(db => Task.FromResult(db.Channels.Single().GuideTemplates));
        var expected = new GuideTemplates(MovieOrSeriesTitle + "\n", EpisodeSubTitle + "\n", WhenAndSummary + "\n");
        var rewritten = ScheduleYamlWriter.WriteChannelSection(ChannelDefinition.Of(await harness.QueryAsync(db => Task.FromResult(db.Channels.Single())))) + Yamls.SitcomsFillerAndMovies;
        var (reread, rereadErrors) = ScheduleYamlReader.Read(new ScheduleSource("rewritten.yaml", rewritten));

        Assert.Equal(expected, stored);
        Assert.Empty(errors);
        Assert.Equal(expected, Assert.Single(exported).Channel.Guide);
        Assert.Empty(rereadErrors);
        Assert.Equal(expected, Assert.Single(reread).Channel.Guide);
        Assert.Contains("  guide:\n    title: |\n      @if (Model.IsMovie)", rewritten, StringComparison.Ordinal);
        Assert.Equal(ApplyOutcome.Unchanged, Assert.Single(await harness.ApplyAsync(("c.yaml", export))).Outcome);
    }

    [Fact]
    public async Task A_refused_template_in_a_channel_document_names_the_field_and_its_file_line_and_applies_nothing()
    {
        await using var harness = await PlayoutServiceTests.SeededAsync();
        await harness.ApplyAsync(("c.yaml", Yamls.Channel("2", "Classic", Yamls.SitcomsFillerAndMovies)));
        var before = await harness.ChannelTablesAsync();
        var attack = "@Model.Title\n@Model.Summary\nRead: @System.IO.File.ReadAllText(\"/etc/passwd\")";
        var document = Yamls.Channel("2", "Hacked", GuideSection("@Model.Title", null, attack) + Yamls.SitcomsFillerAndMovies);
        var fileLine = document.Split('\n').ToList().FindIndex(l => l.Contains("System.IO", StringComparison.Ordinal)) + 1;

        var error = await Assert.ThrowsAsync<ScheduleValidationException>(() => harness.ApplyAsync(("c.yaml", document)));

        var problem = Assert.Single(error.Errors);
        Assert.Equal(fileLine, problem.Line);
        Assert.StartsWith("channel.guide.description, line 3 of the template: '@System' is not allowed", problem.Message, StringComparison.Ordinal);
        Assert.Contains($"c.yaml:{fileLine}: channel.guide.description", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await harness.ChannelTablesAsync());
    }

    private static async Task<string> WriteAsync(GuideData data, GuideTextRenderer renderer)
    {
        using var stream = new MemoryStream();
        await XmltvWriter.WriteAsync(stream, data, _ => null, renderer, CancellationToken.None);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static DateTimeOffset ParseTime(string xmltv) =>
        DateTimeOffset.ParseExact(xmltv, "yyyyMMddHHmmss zzz", System.Globalization.CultureInfo.InvariantCulture);
}
