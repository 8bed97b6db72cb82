using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.App.Security;
using RetroVue.Domain.Scheduling;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Admin;

/// <summary>Channel logos: http(s) URLs and images RetroVue serves itself, nothing else, on the way in or out.</summary>
public sealed class ChannelLogoTests(ChannelAdminFixture fixture) : IClassFixture<ChannelAdminFixture>
{
    private static readonly string[] Hostile =
    [
        "javascript:alert(document.cookie)",
        "JavaScript:alert(1)",
        "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
        "file:///etc/passwd",
        "//evil.example/logo.png",
        "/admin/settings",
        "http://",
        "vbscript:msgbox(1)",
    ];

    [Theory]
    [MemberData(nameof(HostileLogos))]
    public async Task A_schedule_whose_logo_is_not_an_http_url_nor_a_served_image_is_refused_at_the_logo_line_and_changes_nothing(string number, string logo)
    {
        var api = await fixture.ScriptAsync();
        var before = await fixture.ChannelTablesAsync();
        var schedule = AdminSchedules.Cartoons(number, extra: $"  logo: \"{logo}\"");

        var response = await api.PostAsJsonAsync("/api/channels", new { schedule });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(schedule.Split('\n').ToList().FindIndex(l => l.Contains("logo:", StringComparison.Ordinal)) + 1, error.GetProperty("line").GetInt32());
        Assert.Contains("logo must be an http:// or https:// URL", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await fixture.ChannelTablesAsync());
    }

    /// <summary>Each logo on a channel number of its own, so that one accepted by mistake cannot hide the others.</summary>
    public static TheoryData<string, string> HostileLogos()
    {
        var data = new TheoryData<string, string>();
        for (var i = 0; i < Hostile.Length; i++)
        {
            data.Add((80 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), Hostile[i]);
        }

        return data;
    }

    [Fact]
    public async Task Channel_settings_take_an_https_logo_or_an_image_retrovue_serves_and_refuse_a_script_with_a_clear_error()
    {
        var api = await fixture.ScriptAsync();
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/channels", new { schedule = AdminSchedules.Cartoons("71") })).StatusCode);
        var served = $"/iptv/artwork/title/{Guid.NewGuid()}";

        var withServed = await PutSettingsAsync(api, "71", served);
        var withHttps = await PutSettingsAsync(api, "71", "https://logos.example/71.png");
        var withScript = await PutSettingsAsync(api, "71", "javascript:alert(1)");
        var withSpace = await PutSettingsAsync(api, "71", "https://logos.example/my logo.png");

        Assert.Equal(HttpStatusCode.OK, withServed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withHttps.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withScript.StatusCode);
        Assert.Contains("logo must be an http:// or https:// URL", await withScript.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, withSpace.StatusCode);
        Assert.Contains("%20", await withSpace.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("https://logos.example/71.png", (await api.GetFromJsonAsync<JsonElement>("/api/channels/71")).GetProperty("settings").GetProperty("logo").GetString());
    }

    [Fact]
    public async Task A_bad_logo_already_in_the_database_never_reaches_the_playlist_or_the_guide_and_a_served_image_is_given_as_an_absolute_url_with_the_token()
    {
        var api = await fixture.ScriptAsync();
        await api.PostAsJsonAsync("/api/channels", new { schedule = AdminSchedules.Cartoons("72", name: "Stored Script") });
        await api.PostAsJsonAsync("/api/channels", new { schedule = AdminSchedules.Cartoons("73", name: "Served Logo") });
        var artwork = Guid.NewGuid();
        await SetStoredLogoAsync("72", "javascript:alert(document.cookie)");
        await SetStoredLogoAsync("73", $"/iptv/artwork/title/{artwork}");
        var player = fixture.Host.NewBrowser();

        var playlist = await player.GetStringAsync("/iptv/channels.m3u");
        var guide = await player.GetStringAsync("/iptv/xmltv.xml");
        var access = fixture.Host.Services.GetRequiredService<IptvAccess>();
        var token = (await access.SetTokenRequiredAsync(true, CancellationToken.None)).Token!;
        string protectedPlaylist;
        try
        {
            protectedPlaylist = await player.GetStringAsync($"/iptv/channels.m3u?token={token}");
        }
        finally
        {
            await access.SetTokenRequiredAsync(false, CancellationToken.None);
        }

        Assert.DoesNotContain("javascript", playlist, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript", guide, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("tvg-name=\"Stored Script\"", playlist, StringComparison.Ordinal);
        Assert.Contains($"tvg-logo=\"http://localhost/iptv/artwork/title/{artwork}\"", playlist, StringComparison.Ordinal);
        Assert.Contains($"<icon src=\"http://localhost/iptv/artwork/title/{artwork}\" />", guide, StringComparison.Ordinal);
        Assert.Contains($"tvg-logo=\"http://localhost/iptv/artwork/title/{artwork}?token={token}\"", protectedPlaylist, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PutSettingsAsync(HttpClient api, string number, string logo)
    {
        var version = (await api.GetFromJsonAsync<JsonElement>($"/api/channels/{number}")).GetProperty("version").GetString();
        return await api.PutAsJsonAsync($"/api/channels/{number}", new { number, name = "Logo Channel", timeZone = "UTC", gridMinutes = 30, enabled = true, logo, version });
    }

    /// <summary>Writes the logo column directly, as a row stored before logos were checked would hold it.</summary>
    private async Task SetStoredLogoAsync(string number, string logo)
    {
        await using var db = TestPostgres.CreateContext(fixture.Host.ConnectionString);
        var channel = ChannelNumber.Parse(number);
        Assert.Equal(1, await db.Channels.Where(c => c.Number == channel).ExecuteUpdateAsync(s => s.SetProperty(c => c.LogoUrl, logo)));
    }
}
