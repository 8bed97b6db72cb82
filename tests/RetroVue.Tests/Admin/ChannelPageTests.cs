using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace RetroVue.Tests.Admin;

/// <summary>The channel pages: schedule editor (errors at their lines, preview, apply, stale forms), settings, new channel, guide.</summary>
public sealed partial class ChannelPageTests(ChannelAdminFixture fixture) : IClassFixture<ChannelAdminFixture>
{
    private AdminHost Host => fixture.Host;

    [Theory]
    [InlineData("/admin/channels/new")]
    [InlineData("/admin/channels/new/schedule?handler=Apply")]
    [InlineData("/admin/channels/40/schedule?handler=Preview")]
    [InlineData("/admin/channels/40?handler=Rebuild")]
    [InlineData("/admin/channels/40?handler=Remove")]
    [InlineData("/admin/channels/40")]
    [InlineData("/admin?handler=SyncNow")]
    public async Task Channel_forms_sent_without_signing_in_go_to_the_sign_in_page_and_change_nothing(string path)
    {
        var before = await fixture.ChannelTablesAsync();

        var response = await Host.NewBrowser().PostAsync(path, AdminHost.Form(null, ("document", AdminSchedules.Cartoons("41")), ("name", "media"), ("Settings.Number", "41"), ("Settings.Name", "Intruder"), ("Settings.TimeZone", "UTC")));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/admin/login", response.Headers.Location?.ToString());
        Assert.Equal(before, await fixture.ChannelTablesAsync());
    }

    [Fact]
    public async Task A_signed_in_schedule_form_without_its_antiforgery_token_is_refused()
    {
        var browser = await Host.SignedInBrowserAsync();
        var before = await fixture.ChannelTablesAsync();

        var forged = await browser.PostAsync("/admin/channels/new/schedule?handler=Apply", AdminHost.Form(null, ("document", AdminSchedules.Cartoons("42"))));
        var forgedSettings = await browser.PostAsync("/admin/channels/new", AdminHost.Form(null, ("Settings.Number", "42"), ("Settings.Name", "Forged"), ("Settings.TimeZone", "UTC")));
        var forgedSync = await browser.PostAsync("/admin?handler=SyncNow", AdminHost.Form(null, ("name", "media")));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forgedSettings.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forgedSync.StatusCode);
        Assert.Equal(before, await fixture.ChannelTablesAsync());
    }

    [Fact]
    public async Task Schedule_errors_are_listed_and_marked_at_their_lines_and_nothing_is_saved()
    {
        var browser = await Host.SignedInBrowserAsync();
        await CreateAsync(browser, AdminSchedules.Cartoons("43"));
        var stored = await fixture.StoredScheduleAsync("43");
        var broken = AdminSchedules.Cartoons("43")
            .Replace("time_zone: UTC", "time_zone: Mars/Olympus", StringComparison.Ordinal)
            .Replace("at: \"18:00\"", "at: \"18:45\"", StringComparison.Ordinal);
        var unknownSeries = AdminSchedules.Cartoons("43").Replace("[Cosmic Cartoons]", "[Cosmic Cartoonz]", StringComparison.Ordinal);
        var lines = broken.Split('\n').ToList();
        var zoneLine = lines.FindIndex(l => l.Contains("Mars/Olympus", StringComparison.Ordinal)) + 1;
        var blockLine = lines.FindIndex(l => l.Contains("18:45", StringComparison.Ordinal)) + 1;

        var token = await AdminHost.AntiforgeryTokenAsync(browser, "/admin/channels/43/schedule");
        var response = await browser.PostAsync("/admin/channels/43/schedule?handler=Apply", AdminHost.Form(token, ("document", broken)));
        var html = await response.Content.ReadAsStringAsync();
        var catalogResponse = await browser.PostAsync("/admin/channels/43/schedule?handler=Preview", AdminHost.Form(token, ("document", unknownSeries)));
        var catalogHtml = await catalogResponse.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("2 problems in the schedule", html, StringComparison.Ordinal);
        Assert.Equal([zoneLine, blockLine], Marked(html));
        Assert.Contains("Mars/Olympus", LineHtml(html, zoneLine), StringComparison.Ordinal);
        Assert.Contains("off the 30-minute grid", LineHtml(html, blockLine), StringComparison.Ordinal);
        Assert.Contains($"<a class=\"line\" href=\"#line-{blockLine}\" data-goto-line=\"{blockLine}\">line {blockLine}</a>", html, StringComparison.Ordinal);
        Assert.Contains("18:45", html, StringComparison.Ordinal); // the typed text stays in the editor

        Assert.Equal(HttpStatusCode.BadRequest, catalogResponse.StatusCode);
        var poolLine = Assert.Single(Marked(catalogHtml));
        Assert.Contains("series &#x27;Cosmic Cartoonz&#x27; is not in the catalog", LineHtml(catalogHtml, poolLine), StringComparison.Ordinal);
        Assert.Contains("toons", LineHtml(catalogHtml, poolLine).Split("<span class=\"why\">")[0], StringComparison.Ordinal);
        Assert.Equal(stored, await fixture.StoredScheduleAsync("43"));
    }

    [Fact]
    public async Task Previewing_a_schedule_shows_the_next_day_and_writes_nothing()
    {
        var browser = await Host.SignedInBrowserAsync();
        await CreateAsync(browser, AdminSchedules.Cartoons("44"));
        var before = await fixture.ChannelTablesAsync();
        var changed = AdminSchedules.Cartoons("44").Replace("at: \"18:00\"", "at: \"12:00\"", StringComparison.Ordinal);

        var token = await AdminHost.AntiforgeryTokenAsync(browser, "/admin/channels/44/schedule");
        var response = await browser.PostAsync("/admin/channels/44/schedule?handler=Preview", AdminHost.Form(token, ("document", changed)));
        var newToken = await AdminHost.AntiforgeryTokenAsync(browser, "/admin/channels/new");
        var newChannel = await browser.PostAsync("/admin/channels/new/schedule?handler=Preview", AdminHost.Form(newToken, ("document", AdminSchedules.Cartoons("45"))));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("not saved", html, StringComparison.Ordinal);
        Assert.Contains("Cosmic Cartoons", html, StringComparison.Ordinal);
        Assert.Contains("&lt;i&gt;Zap!&lt;/i&gt; &amp; &quot;Friends&quot;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>Zap!</i>", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, newChannel.StatusCode);
        Assert.Contains("S01E01", await newChannel.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await fixture.ChannelTablesAsync());
        Assert.Null(await fixture.StoredScheduleAsync("45"));
    }

    [Fact]
    public async Task Applying_a_schedule_saves_it_and_rebuilds_the_timeline()
    {
        var browser = await Host.SignedInBrowserAsync();
        await CreateAsync(browser, AdminSchedules.Cartoons("46"));
        Assert.True(await fixture.TimelineEntriesAsync("46") > 0, "creating the channel builds its timeline");
        var changed = AdminSchedules.Cartoons("46", name: "Cartoons Plus");

        var token = await AdminHost.AntiforgeryTokenAsync(browser, "/admin/channels/46/schedule");
        var version = Version().Match(await browser.GetStringAsync("/admin/channels/46/schedule")).Groups[1].Value;
        var response = await browser.PostAsync("/admin/channels/46/schedule?handler=Apply", AdminHost.Form(token, ("document", changed), ("version", version)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/channels/46", response.Headers.Location?.ToString());
        Assert.Equal(changed.ReplaceLineEndings("\n").TrimEnd('\n'), (await fixture.StoredScheduleAsync("46"))!.TrimEnd('\n'));
        var page = await browser.GetStringAsync("/admin/channels/46");
        Assert.Contains("Applied the schedule of channel 46", page, StringComparison.Ordinal);
        Assert.Contains("Cartoons Plus", page, StringComparison.Ordinal);
        Assert.Contains("Cosmic Cartoons", page, StringComparison.Ordinal); // on air now and in the next 12 hours
    }

    [Fact]
    public async Task A_stale_schedule_form_is_refused_and_keeps_what_was_typed()
    {
        var browser = await Host.SignedInBrowserAsync();
        await CreateAsync(browser, AdminSchedules.Cartoons("47"));
        var editor = await browser.GetStringAsync("/admin/channels/47/schedule");
        var version = Version().Match(editor).Groups[1].Value;
        var token = await AdminHost.AntiforgeryTokenAsync(browser, "/admin/channels/47/schedule");
        var api = await fixture.ScriptAsync();
        var meanwhile = await api.PutAsync("/api/channels/47/schedule", new StringContent(AdminSchedules.Cartoons("47", name: "Changed Meanwhile")));
        Assert.Equal(HttpStatusCode.OK, meanwhile.StatusCode);

        var response = await browser.PostAsync("/admin/channels/47/schedule?handler=Apply", AdminHost.Form(token, ("document", AdminSchedules.Cartoons("47", name: "My Late Edit")), ("version", version)));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("changed by someone else", html, StringComparison.Ordinal);
        Assert.Contains("My Late Edit", html, StringComparison.Ordinal);
        Assert.Contains("Changed Meanwhile", await fixture.StoredScheduleAsync("47"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_settings_form_rewrites_only_the_channel_section_and_refuses_stale_edits()
    {
        var browser = await Host.SignedInBrowserAsync();
        await CreateAsync(browser, AdminSchedules.Cartoons("48"));
        var page = await browser.GetStringAsync("/admin/channels/48");
        var version = Version().Match(page).Groups[1].Value;
        var token = await AdminHost.AntiforgeryTokenAsync(browser, "/admin/channels/48");

        var saved = await browser.PostAsync("/admin/channels/48", AdminHost.Form(
            token,
            ("version", version),
            ("Settings.Number", "49"),
            ("Settings.Name", "Renumbered Toons"),
            ("Settings.Group", "Kids"),
            ("Settings.TimeZone", "Europe/Berlin"),
            ("Settings.DayStart", "06:00"),
            ("Settings.GridMinutes", "30"),
            ("Settings.Enabled", "true"),
            ("Settings.Enabled", "false")));
        var stale = await browser.PostAsync("/admin/channels/49", AdminHost.Form(
            token,
            ("version", version),
            ("Settings.Number", "49"),
            ("Settings.Name", "Stale Name"),
            ("Settings.TimeZone", "UTC"),
            ("Settings.Enabled", "true")));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/admin/channels/49", saved.Headers.Location?.ToString());
        Assert.Null(await fixture.StoredScheduleAsync("48"));
        var document = await fixture.StoredScheduleAsync("49");
        Assert.Contains("name: Renumbered Toons", document, StringComparison.Ordinal);
        Assert.Contains("group: Kids", document, StringComparison.Ordinal);
        Assert.Contains("time_zone: Europe/Berlin", document, StringComparison.Ordinal);
        Assert.Contains("id: C48.", document, StringComparison.Ordinal); // the id stays, so it is the same channel
        Assert.StartsWith("# Channel 48: cartoons all day\n", document, StringComparison.Ordinal);
        Assert.Contains("# The pools it plays from\npools:\n  - name: toons", document, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("Stale Name", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Stale Name", await fixture.StoredScheduleAsync("49"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_settings_are_named_and_change_nothing()
    {
        var browser = await Host.SignedInBrowserAsync();
        var token = await AdminHost.AntiforgeryTokenAsync(browser, "/admin/channels/new");
        var before = await fixture.ChannelTablesAsync();

        var badZone = await browser.PostAsync("/admin/channels/new", AdminHost.Form(token, ("Settings.Number", "50"), ("Settings.Name", "Zone"), ("Settings.TimeZone", "Mars/Olympus"), ("Settings.Enabled", "true")));
        var comma = await browser.PostAsync("/admin/channels/new", AdminHost.Form(token, ("Settings.Number", "50"), ("Settings.Name", "A, B"), ("Settings.TimeZone", "UTC"), ("Settings.Enabled", "true")));
        var offGrid = await browser.PostAsync("/admin/channels/new", AdminHost.Form(token, ("Settings.Number", "50"), ("Settings.Name", "Grid"), ("Settings.TimeZone", "UTC"), ("Settings.DayStart", "06:10"), ("Settings.Enabled", "true")));
        var number = await browser.PostAsync("/admin/channels/new", AdminHost.Form(token, ("Settings.Number", "two"), ("Settings.Name", "Grid"), ("Settings.TimeZone", "UTC"), ("Settings.Enabled", "true")));

        Assert.Equal(HttpStatusCode.BadRequest, badZone.StatusCode);
        Assert.Contains("Mars/Olympus", await badZone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, comma.StatusCode);
        Assert.Contains("without commas", await comma.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, offGrid.StatusCode);
        Assert.Contains("off the 30-minute grid", await offGrid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, number.StatusCode);
        Assert.Contains("&#x27;two&#x27; is not a channel number", await number.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await fixture.ChannelTablesAsync());
    }

    [Fact]
    public async Task A_new_channel_starts_from_its_settings_and_a_schedule_drawn_from_the_catalog()
    {
        var browser = await Host.SignedInBrowserAsync();
        var token = await AdminHost.AntiforgeryTokenAsync(browser, "/admin/channels/new");

        var step2 = await browser.PostAsync("/admin/channels/new", AdminHost.Form(token, ("Settings.Number", "51"), ("Settings.Name", "Fresh Start"), ("Settings.TimeZone", "UTC"), ("Settings.DayStart", "06:00"), ("Settings.GridMinutes", "30"), ("Settings.Enabled", "true")));
        var html = await step2.Content.ReadAsStringAsync();
        var document = System.Net.WebUtility.HtmlDecode(Textarea().Match(html).Groups[1].Value);
        Assert.Equal(HttpStatusCode.OK, step2.StatusCode);
        Assert.Contains("name: Fresh Start", document, StringComparison.Ordinal);
        Assert.Contains("series: [\"Cosmic Cartoons\"]", document, StringComparison.Ordinal);
        Assert.Contains("kind: marathon", document, StringComparison.Ordinal);
        Assert.Null(await fixture.StoredScheduleAsync("51"));

        var created = await browser.PostAsync("/admin/channels/new/schedule?handler=Apply", AdminHost.Form(token, ("document", document)));

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/admin/channels/51", created.Headers.Location?.ToString());
        Assert.True(await fixture.TimelineEntriesAsync("51") > 0);
        Assert.Contains("Created channel 51", await browser.GetStringAsync("/admin/channels/51"), StringComparison.Ordinal);

        var again = await browser.PostAsync("/admin/channels/new/schedule?handler=Apply", AdminHost.Form(token, ("document", document)));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("Channel number 51 is already used by &#x27;Fresh Start&#x27;", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_guide_shows_every_channel_with_escaped_titles_linking_to_their_files_and_a_now_line()
    {
        var browser = await Host.SignedInBrowserAsync();
        await CreateAsync(browser, CartoonsNow("52"));

        var response = await browser.GetAsync("/admin/guide");
        var html = await response.Content.ReadAsStringAsync();
        var earlier = await browser.GetAsync("/admin/guide?from=2020-01-01T00:00Z");
        var bad = await browser.GetAsync("/admin/guide?from=yesterday-ish");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("href=\"/admin/channels/52\"", html, StringComparison.Ordinal);
        Assert.Matches("class=\"now-line at-[67]\"", html);
        Assert.Matches(CartoonCell(), html);
        Assert.Contains(fixture.CartoonAssets.Select(id => $"/admin/library/assets/{id}"), link => html.Contains(link, StringComparison.Ordinal));
        Assert.Contains("&lt;i&gt;Zap!&lt;/i&gt; &amp; &quot;Friends&quot;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>Zap!</i>", html, StringComparison.Ordinal);
        Assert.Contains("rel=\"prev\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, earlier.StatusCode);
        Assert.Contains("Nothing scheduled in this window", await earlier.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task The_channel_list_shows_what_plays_now_and_next()
    {
        var browser = await Host.SignedInBrowserAsync();
        await CreateAsync(browser, CartoonsNow("53", name: "Listed Toons"));

        var list = await browser.GetStringAsync("/admin/channels");
        var dashboard = await browser.GetStringAsync("/admin");

        Assert.Contains("Listed Toons", list, StringComparison.Ordinal);
        Assert.Contains("Cosmic Cartoons", list, StringComparison.Ordinal);
        Assert.Contains("S01E0", list, StringComparison.Ordinal);
        Assert.Contains("Listed Toons", dashboard, StringComparison.Ordinal);
        Assert.Contains("Sync now", dashboard, StringComparison.Ordinal);
        Assert.Contains("retrovue.extend-timelines", dashboard, StringComparison.Ordinal);
    }

    private static async Task CreateAsync(HttpClient browser, string document)
    {
        var token = await AdminHost.AntiforgeryTokenAsync(browser, "/admin/channels/new");
        var response = await browser.PostAsync("/admin/channels/new/schedule?handler=Apply", AdminHost.Form(token, ("document", document)));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Creating the channel answered {response.StatusCode}:\n{await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Cartoons in the hour on air now, the other show from two hours later: both fall in a guide window around now.</summary>
    private static string CartoonsNow(string number, string name = "Cartoon Channel")
    {
        // Through a placeholder: replaced one after the other, the two times could meet (at 04:00 or 18:00 UTC).
        var hour = DateTime.UtcNow.Hour;
        return AdminSchedules.Cartoons(number, name)
            .Replace("at: \"18:00\"", "at: \"LATER\"", StringComparison.Ordinal)
            .Replace("at: \"06:00\"", $"at: \"{hour:00}:00\"", StringComparison.Ordinal)
            .Replace("at: \"LATER\"", $"at: \"{(hour + 2) % 24:00}:00\"", StringComparison.Ordinal);
    }

    private static List<int> Marked(string html) =>
        BadLines().Matches(html).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    private static string LineHtml(string html, int line)
    {
        var start = html.IndexOf($"<li id=\"line-{line}\"", StringComparison.Ordinal);
        return html[start..html.IndexOf("</li>", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex("<li id=\"line-(\\d+)\" class=\"bad\">")]
    private static partial Regex BadLines();

    [GeneratedRegex("name=\"version\" value=\"([0-9a-f]{16})\"")]
    private static partial Regex Version();

    [GeneratedRegex("<textarea[^>]*>\\s*([\\s\\S]*?)</textarea>")]
    private static partial Regex Textarea();

    [GeneratedRegex("<a class=\"cell c-\\d+ w-\\d+[^\"]*\" role=\"cell\" href=\"/admin/library/assets/[0-9a-f-]{36}\"[^>]*>\\s*<span class=\"t\">Cosmic Cartoons</span>")]
    private static partial Regex CartoonCell();
}
