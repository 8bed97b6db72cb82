using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.App.Security;
using RetroVue.Tests.Plex.Support;

namespace RetroVue.Tests.Admin;

/// <summary>"Test connection" and "test this path" on a source's edit page and in the API.</summary>
public sealed class SourceTestingTests(AdminHostFixture fixture) : IClassFixture<AdminHostFixture>
{
    private AdminHost Host => fixture.Host;

    private async Task<HttpClient> ScriptAsync()
    {
        var key = await Host.Services.GetRequiredService<ApiKeyService>().CreateAsync("source-tests", CancellationToken.None);
        var client = Host.NewBrowser();
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Secret);
        return client;
    }

    private async Task<string> AddFolderSourceAsync(HttpClient api, string name, string folder)
    {
        var created = await api.PostAsJsonAsync("/api/sources/filesystem", new { name, path = folder });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return name;
    }

    private static async Task<HttpResponseMessage> PostPageFormAsync(HttpClient browser, string source, string handler, params (string Name, string Value)[] fields)
    {
        var page = $"/admin/sources/edit/{source}";
        var token = await AdminHost.AntiforgeryTokenAsync(browser, page);
        return await browser.PostAsync($"{page}?handler={handler}", AdminHost.Form(token, fields));
    }

    [Fact]
    public async Task Testing_a_connection_or_a_path_needs_a_signed_in_operator_or_an_API_key()
    {
        var api = await ScriptAsync();
        await AddFolderSourceAsync(api, "guarded", Directory.CreateTempSubdirectory("rv-guard-").FullName);
        var anonymous = Host.NewBrowser();

        var pageConnection = await anonymous.PostAsync("/admin/sources/edit/guarded?handler=TestConnection", AdminHost.Form(null));
        var pagePath = await anonymous.PostAsync("/admin/sources/edit/guarded?handler=TestPath", AdminHost.Form(null, ("serverPath", "/data/tv/a.mkv")));
        var apiTest = await anonymous.PostAsync("/api/sources/guarded/test", null);

        Assert.Equal(HttpStatusCode.Redirect, pageConnection.StatusCode);
        Assert.Contains("/admin/login", pageConnection.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.Redirect, pagePath.StatusCode);
        Assert.Contains("/admin/login", pagePath.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, apiTest.StatusCode);
    }

    [Fact]
    public async Task Testing_a_connection_or_a_path_without_the_antiforgery_token_is_refused()
    {
        var api = await ScriptAsync();
        await AddFolderSourceAsync(api, "forged", Directory.CreateTempSubdirectory("rv-forged-").FullName);
        var browser = await Host.SignedInBrowserAsync();

        var pageConnection = await browser.PostAsync("/admin/sources/edit/forged?handler=TestConnection", AdminHost.Form(null));
        var pagePath = await browser.PostAsync("/admin/sources/edit/forged?handler=TestPath", AdminHost.Form(null, ("serverPath", "/data/tv/a.mkv")));
        var apiWithCookieOnly = await browser.PostAsync("/api/sources/forged/test", null);

        Assert.Equal(HttpStatusCode.BadRequest, pageConnection.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, pagePath.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, apiWithCookieOnly.StatusCode);
        Assert.Contains("antiforgery", await apiWithCookieOnly.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_Windows_server_path_is_mapped_through_the_matching_rule_and_the_local_file_is_found()
    {
        await using var plex = await FakePlexServer.StartAsync(token: "path-test-token-Q9z");
        var api = await ScriptAsync();
        var local = Directory.CreateTempSubdirectory("rv-pathtest-").FullName;
        Directory.CreateDirectory(Path.Combine(local, "Show A"));
        await File.WriteAllTextAsync(Path.Combine(local, "Show A", "Show A - S01E01.mkv"), "x");
        var created = await api.PostAsJsonAsync("/api/sources/plex", new
        {
            name = "winplex",
            url = plex.BaseUri.ToString(),
            token = plex.Token,
            pathMappings = new[] { new { from = @"D:\Media", to = "/nowhere" }, new { from = @"D:\Media\TV", to = local } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var browser = await Host.SignedInBrowserAsync();

        var found = await PostPageFormAsync(browser, "winplex", "TestPath", ("serverPath", @"d:\media\tv\Show A\Show A - S01E01.mkv"));
        var missing = await PostPageFormAsync(browser, "winplex", "TestPath", ("serverPath", @"D:\Media\TV\Show A\Show A - S01E02.mkv"));
        var unmapped = await PostPageFormAsync(browser, "winplex", "TestPath", ("serverPath", "/volume1/other/film.mkv"));
        var control = await PostPageFormAsync(browser, "winplex", "TestPath", ("serverPath", "/data/tv/a\u0007.mkv"));

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        var foundHtml = WebUtility.HtmlDecode(await found.Content.ReadAsStringAsync());
        Assert.Contains($"Read from {local}/Show A/Show A - S01E01.mkv: it exists.", foundHtml);
        Assert.Contains($"D:/Media/TV → {local} (mapping 2)", foundHtml);
        Assert.Contains("which does not exist on this machine", WebUtility.HtmlDecode(await missing.Content.ReadAsStringAsync()));
        Assert.Contains("Not mapped: no mapping matches it", WebUtility.HtmlDecode(await unmapped.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, control.StatusCode);
        Assert.Contains("The server path contains control characters.", WebUtility.HtmlDecode(await control.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Testing_a_filesystem_source_reports_the_folder_and_its_top_level_entries()
    {
        var api = await ScriptAsync();
        var folder = Directory.CreateTempSubdirectory("rv-conn-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "Show"));
        await File.WriteAllTextAsync(Path.Combine(folder, "film.mkv"), "x");
        await AddFolderSourceAsync(api, "folder-conn", folder);
        var gone = Directory.CreateTempSubdirectory("rv-gone-").FullName;
        await AddFolderSourceAsync(api, "folder-gone", gone);
        Directory.Delete(gone);
        var browser = await Host.SignedInBrowserAsync();

        var page = await PostPageFormAsync(browser, "folder-conn", "TestConnection");
        var report = await (await api.PostAsync("/api/sources/folder-conn/test", null)).Content.ReadFromJsonAsync<JsonElement>();
        var goneReport = await (await api.PostAsync("/api/sources/folder-gone/test", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("Connection OK", html);
        Assert.Contains("<dt>Top-level entries</dt><dd>2</dd>", html);
        Assert.True(report.GetProperty("ok").GetBoolean());
        Assert.Equal(2, report.GetProperty("filesystem").GetProperty("topLevelEntries").GetInt32());
        Assert.True(report.GetProperty("filesystem").GetProperty("readable").GetBoolean());
        Assert.False(goneReport.GetProperty("ok").GetBoolean());
        Assert.Contains($"The folder {gone} does not exist", goneReport.GetProperty("problems")[0].GetString());
    }

    [Fact]
    public async Task Testing_a_Plex_source_shows_the_server_identity_libraries_and_sample_mapping_but_never_the_token()
    {
        await using var plex = await FakePlexServer.StartAsync(token: "conn-test-secret-Zk4p");
        plex.SetSections(("2", "show", "TV Shows"));
        plex.SetItems("2", 4, [GeneratedLibrary.Episode(1, 1, fileRoot: "/data/tv")]);
        var local = Directory.CreateTempSubdirectory("rv-plexconn-").FullName;
        Directory.CreateDirectory(Path.Combine(local, "Show 001", "Season 01"));
        await File.WriteAllTextAsync(Path.Combine(local, "Show 001", "Season 01", "Show 001 - S01E01.mkv"), "x");
        var api = await ScriptAsync();
        var created = await api.PostAsJsonAsync("/api/sources/plex", new
        {
            name = "plexconn",
            url = plex.BaseUri.ToString(),
            token = plex.Token,
            pathMappings = new[] { new { from = "/data/tv", to = local } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var browser = await Host.SignedInBrowserAsync();

        var page = await PostPageFormAsync(browser, "plexconn", "TestConnection");
        var json = await (await api.PostAsync("/api/sources/plexconn/test", null)).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains(FakePlexServer.MachineIdentifier, html);
        Assert.Contains("1.41.3.9314", html);
        Assert.Contains("TV Shows", html);
        Assert.Contains($"{local}/Show 001/Season 01/Show 001 - S01E01.mkv", html);
        Assert.Contains("Connection OK", html);
        var report = JsonDocument.Parse(json).RootElement;
        Assert.True(report.GetProperty("ok").GetBoolean());
        Assert.Equal(FakePlexServer.MachineIdentifier, report.GetProperty("plex").GetProperty("machineIdentifier").GetString());
        Assert.True(report.GetProperty("plex").GetProperty("sampleFiles")[0].GetProperty("reachable").GetBoolean());
        Assert.DoesNotContain(plex.Token, html, StringComparison.Ordinal);
        Assert.DoesNotContain(plex.Token, json, StringComparison.Ordinal);
    }
}
