using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace RetroVue.Tests.Admin;

/// <summary>Guide templates saved through the API and the admin channel page: refused with their lines and nothing saved, or saved and shown in the guide.</summary>
public sealed partial class GuideTemplateAdminTests(ChannelAdminFixture fixture) : IClassFixture<ChannelAdminFixture>
{
    private AdminHost Host => fixture.Host;

    [Fact]
    public async Task The_api_refuses_bad_templates_with_each_field_and_line_saves_good_ones_and_the_guide_shows_them()
    {
        var api = await fixture.ScriptAsync();
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/channels", new { schedule = AdminSchedules.Cartoons("70", name: "Template Toons") })).StatusCode);
        var detail = await api.GetFromJsonAsync<JsonElement>("/api/channels/70");
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("settings").GetProperty("guide").GetProperty("title").ValueKind);
        var before = await fixture.ChannelTablesAsync();

        var refused = await api.PutAsJsonAsync("/api/channels/70", Settings(new
        {
            title = "@Model.Title\n@Model.GetType().Assembly",
            subTitle = "@Model.EpisodeTitle",
            description = "Fine so far\n\n@{ System.IO.File.Delete(\"/tmp/x\"); }",
        }));
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        var badDocument = AdminSchedules.Cartoons("70", name: "Template Toons", extra: "  guide:\n    title: |\n      @Model.Title\n      @(typeof(System.IO.File))\n");
        var refusedDocument = await api.PutAsync("/api/channels/70/schedule", new StringContent(badDocument, Encoding.UTF8, "application/yaml"));
        var documentProblem = await refusedDocument.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("field").GetString(), e.GetProperty("line").GetInt32(), e.GetProperty("message").GetString()!)).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Equal(("guide.title", 2), (errors[0].Item1, errors[0].Item2));
        Assert.Contains("'GetType' is not a field of Model", errors[0].Item3, StringComparison.Ordinal);
        Assert.Equal(("guide.description", 3), (errors[1].Item1, errors[1].Item2));
        Assert.Contains("Code blocks (@{ ... }) are not allowed", errors[1].Item3, StringComparison.Ordinal);
        Assert.Contains("The guide title template, line 2:", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, refusedDocument.StatusCode);
        var documentError = Assert.Single(documentProblem.GetProperty("errors").EnumerateArray());
        Assert.Equal(badDocument.Split('\n').ToList().FindIndex(l => l.Contains("typeof", StringComparison.Ordinal)) + 1, documentError.GetProperty("line").GetInt32());
        Assert.StartsWith("channel.guide.title, line 2 of the template: 'typeof' is not allowed inside @( )", documentError.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await fixture.ChannelTablesAsync());

        var saved = await api.PutAsJsonAsync("/api/channels/70", Settings(new { title = "@Upper(Model.Title) on @Model.ChannelName", subTitle = (string?)null, description = "  " }));

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var guide = (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("settings").GetProperty("guide");
        Assert.Equal("@Upper(Model.Title) on @Model.ChannelName", guide.GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Null, guide.GetProperty("description").ValueKind);
        Assert.Contains("  guide:\n    title: |-\n      @Upper(Model.Title) on @Model.ChannelName\n", await fixture.StoredScheduleAsync("70"), StringComparison.Ordinal);
        var xml = await Host.NewBrowser().GetStringAsync("/iptv/xmltv.xml");
        var titles = XDocument.Parse(xml).Root!.Elements("programme").Select(p => p.Element("title")!.Value).ToList();
        Assert.Contains("COSMIC CARTOONS on Template Toons", titles);
        Assert.Contains("&lt;I&gt;ZAP!&lt;/I&gt; &amp; \"FRIENDS\" on Template Toons", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_channel_page_shows_a_refused_template_with_its_line_keeps_what_was_typed_and_saves_nothing()
    {
        var browser = await Host.SignedInBrowserAsync();
        var createToken = await AdminHost.AntiforgeryTokenAsync(browser, "/admin/channels/new");
        var created = await browser.PostAsync("/admin/channels/new/schedule?handler=Apply", AdminHost.Form(createToken, ("document", AdminSchedules.Cartoons("71"))));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var page = await browser.GetStringAsync("/admin/channels/71");
        Assert.Contains("name=\"Settings.GuideTitle\"", page, StringComparison.Ordinal);
        var version = Version().Match(page).Groups[1].Value;
        var token = await AdminHost.AntiforgeryTokenAsync(browser, "/admin/channels/71");
        var before = await fixture.ChannelTablesAsync();

        var refused = await browser.PostAsync("/admin/channels/71", Form(token, version, "@Model.Title\n@System.IO.File.ReadAllText(\"/etc/passwd\")"));
        var html = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("The guide title template, line 2: &#x27;@System&#x27; is not allowed", html, StringComparison.Ordinal);
        Assert.Contains("System.IO.File.ReadAllText(&quot;/etc/passwd&quot;)</textarea>", html, StringComparison.Ordinal);
        Assert.Equal(before, await fixture.ChannelTablesAsync());

        var saved = await browser.PostAsync("/admin/channels/71", Form(token, version, "@Model.Title (@Model.Duration)"));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("      @Model.Title (@Model.Duration)", await fixture.StoredScheduleAsync("71"), StringComparison.Ordinal);
        Assert.Contains(">@Model.Title (@Model.Duration)</textarea>", await browser.GetStringAsync("/admin/channels/71"), StringComparison.Ordinal);
    }

    private static object Settings(object guide) =>
        new { name = "Template Toons", timeZone = "UTC", gridMinutes = 30, enabled = true, guide };

    private static FormUrlEncodedContent Form(string token, string version, string title) => AdminHost.Form(
        token,
        ("version", version),
        ("Settings.Number", "71"),
        ("Settings.Name", "Cartoon Channel"),
        ("Settings.TimeZone", "UTC"),
        ("Settings.DayStart", "06:00"),
        ("Settings.GridMinutes", "30"),
        ("Settings.Enabled", "true"),
        ("Settings.GuideTitle", title),
        ("Settings.GuideSubTitle", ""),
        ("Settings.GuideDescription", ""));

    [GeneratedRegex("name=\"version\" value=\"([0-9a-f]{16})\"")]
    private static partial Regex Version();
}
