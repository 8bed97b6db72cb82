using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.App.Security;
using RetroVue.Tests.Jellyfin.Support;

namespace RetroVue.Tests.Admin;

/// <summary>Jellyfin and Emby servers are added, edited and tested from the admin pages and the API like Plex.</summary>
public sealed class MediaServerSourceAdminTests(AdminHostFixture fixture) : IClassFixture<AdminHostFixture>
{
    private AdminHost Host => fixture.Host;

    private async Task<HttpClient> ScriptAsync()
    {
        var key = await Host.Services.GetRequiredService<ApiKeyService>().CreateAsync("media-server-tests", CancellationToken.None);
        var client = Host.NewBrowser();
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Secret);
        return client;
    }

    private static async Task<HttpResponseMessage> PostPageAsync(HttpClient browser, string page, string? handler, params (string Name, string Value)[] fields)
    {
        var token = await AdminHost.AntiforgeryTokenAsync(browser, page);
        var target = handler is null ? page : page + (page.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "handler=" + handler;
        return await browser.PostAsync(target, AdminHost.Form(token, fields));
    }

    [Fact]
    public async Task A_Jellyfin_server_added_in_the_admin_is_tested_with_its_libraries_and_which_files_play_here_and_its_key_is_never_shown()
    {
        await using var jellyfin = await FakeJellyfinServer.StartAsync(apiKey: "admin-jf-key-5d1e9c7b3a");
        jellyfin.AddLibrary("lib-tv", "TV Shows", "tvshows");
        var items = jellyfin.ItemsOf("lib-tv");
        items.Add(JellyfinPayloads.Series(0));
        items.Add(JellyfinPayloads.Episode(0, 1, root: "/media/tv"));
        var local = Directory.CreateTempSubdirectory("rv-jf-admin-").FullName;
        var browser = await Host.SignedInBrowserAsync();

        var form = await browser.GetStringAsync("/admin/sources/add?kind=jellyfin");
        var added = await PostPageAsync(
            browser,
            "/admin/sources/add?kind=jellyfin",
            null,
            ("kind", "jellyfin"),
            ("name", "den-jellyfin"),
            ("url", jellyfin.BaseUri.ToString()),
            ("token", jellyfin.ApiKey),
            ("libraries", "TV Shows"),
            ("PathMappings[0].From", "/media/tv"),
            ("PathMappings[0].To", local));
        var edit = await browser.GetStringAsync("/admin/sources/edit/den-jellyfin");
        var tested = await PostPageAsync(browser, "/admin/sources/edit/den-jellyfin", "TestConnection");

        Assert.Contains("Add a Jellyfin server", WebUtility.HtmlDecode(form));
        Assert.Contains("API key", form);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Contains("API key", edit);
        Assert.Contains("jellyfin", edit);
        Assert.DoesNotContain(jellyfin.ApiKey, edit, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, tested.StatusCode);
        var html = WebUtility.HtmlDecode(await tested.Content.ReadAsStringAsync());
        Assert.Contains("Connection OK", html);
        Assert.Contains(FakeJellyfinServer.ServerId, html);
        Assert.Contains("10.10.3", html);
        Assert.Contains("TV Shows", html);
        Assert.Contains("through Jellyfin", html);
        Assert.DoesNotContain(jellyfin.ApiKey, html, StringComparison.Ordinal);
        Assert.All(jellyfin.Requests, r => Assert.DoesNotContain(jellyfin.ApiKey, r.RawTarget, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Saving_a_Jellyfin_source_with_a_blank_key_keeps_the_stored_key_and_changes_the_rest()
    {
        var api = await ScriptAsync();
        var created = await api.PostAsJsonAsync("/api/sources/jellyfin", new { name = "jf-keep", url = "http://192.168.7.20:8096", apiKey = "keep-this-key-0a9b8c7d", libraries = "Shows" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var browser = await Host.SignedInBrowserAsync();

        var saved = await PostPageAsync(
            browser,
            "/admin/sources/edit/jf-keep",
            null,
            ("version", (await api.GetFromJsonAsync<JsonElement>("/api/sources/jf-keep")).GetProperty("version").GetUInt32().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("url", "http://192.168.7.21:8096"),
            ("token", string.Empty),
            ("libraries", "Shows, Films"));
        var after = await api.GetFromJsonAsync<JsonElement>("/api/sources/jf-keep");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("http://192.168.7.21:8096", after.GetProperty("url").GetString());
        Assert.Equal("Shows, Films", after.GetProperty("libraries").GetString());
        Assert.True(after.GetProperty("hasToken").GetBoolean());
        Assert.Equal("jellyfin", after.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task An_Emby_server_is_added_and_changed_through_the_API_which_never_returns_its_key()
    {
        var api = await ScriptAsync();

        var created = await api.PostAsJsonAsync("/api/sources/emby", new
        {
            name = "lounge-emby",
            url = "http://192.168.7.30:8096",
            apiKey = "emby-secret-7c6b5a4d3e",
            pathMappings = new[] { new { from = "/mnt/media", to = "/srv/media" } },
        });
        var body = await created.Content.ReadAsStringAsync();
        var form = await api.GetFromJsonAsync<JsonElement>("/api/sources/lounge-emby");
        var changed = await api.PutAsJsonAsync("/api/sources/lounge-emby/emby", new { url = "http://192.168.7.31:8920", libraries = "Films", version = form.GetProperty("version").GetUInt32() });
        var changedBody = await changed.Content.ReadAsStringAsync();
        var stale = await api.PutAsJsonAsync("/api/sources/lounge-emby/emby", new { url = "http://192.168.7.32:8920", version = form.GetProperty("version").GetUInt32() });
        var list = await api.GetStringAsync("/api/sources");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("emby", form.GetProperty("kind").GetString());
        Assert.True(form.GetProperty("hasToken").GetBoolean());
        Assert.Equal("/srv/media", form.GetProperty("pathMappings")[0].GetProperty("to").GetString());
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Contains("192.168.7.31:8920", changedBody);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        foreach (var text in new[] { body, changedBody, list })
        {
            Assert.DoesNotContain("emby-secret-7c6b5a4d3e", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/api/sources/jellyfin", """{"name":"jf-nokey","url":"http://192.168.7.40:8096"}""", "needs an API key")]
    [InlineData("/api/sources/emby", """{"name":"emby-badurl","url":"ftp://192.168.7.41/","apiKey":"k3y-k3y-k3y"}""", "http://")]
    [InlineData("/api/sources/jellyfin", """{"name":"jf-meta","url":"http://169.254.169.254/","apiKey":"k3y-k3y-k3y"}""", "169.254.169.254")]
    public async Task A_media_server_with_a_missing_key_or_a_bad_url_is_refused_with_a_clear_message_and_nothing_is_stored(string route, string json, string expected)
    {
        var api = await ScriptAsync();
        var name = JsonDocument.Parse(json).RootElement.GetProperty("name").GetString()!;

        var response = await api.PostAsync(route, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/sources/" + name)).StatusCode);
    }

    [Fact]
    public async Task Changing_a_Jellyfin_source_through_the_Emby_route_is_refused()
    {
        var api = await ScriptAsync();
        var created = await api.PostAsJsonAsync("/api/sources/jellyfin", new { name = "jf-kind", url = "http://192.168.7.50:8096", apiKey = "kind-key-1b2c3d" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var version = (await api.GetFromJsonAsync<JsonElement>("/api/sources/jf-kind")).GetProperty("version").GetUInt32();

        var response = await api.PutAsJsonAsync("/api/sources/jf-kind/emby", new { url = "http://192.168.7.51:8096", version });

        Assert.False(response.IsSuccessStatusCode);
        Assert.Equal("http://192.168.7.50:8096", (await api.GetFromJsonAsync<JsonElement>("/api/sources/jf-kind")).GetProperty("url").GetString());
    }
}
