using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.App.Security;
using RetroVue.Domain.Library;

namespace RetroVue.Tests.Admin;

public sealed class ApiTests(AdminHostFixture fixture) : IClassFixture<AdminHostFixture>
{
    private AdminHost Host => fixture.Host;

    private async Task<HttpClient> ScriptAsync()
    {
        var key = await Host.Services.GetRequiredService<ApiKeyService>().CreateAsync("tests", CancellationToken.None);
        var client = Host.NewBrowser();
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Secret);
        return client;
    }

    [Fact]
    public async Task A_script_adds_edits_lists_and_removes_a_filesystem_source_with_an_API_key()
    {
        var api = await ScriptAsync();
        var folder = Directory.CreateTempSubdirectory("rv-api-").FullName;
        var other = Directory.CreateTempSubdirectory("rv-api-").FullName;

        var created = await api.PostAsJsonAsync("/api/sources/filesystem", new { name = "api-folder", path = folder, contentKind = "shows" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var form = await api.GetFromJsonAsync<JsonElement>("/api/sources/api-folder");
        Assert.Equal(folder, form.GetProperty("path").GetString());

        var updated = await api.PutAsJsonAsync("/api/sources/api-folder/filesystem", new { path = other, contentKind = "movies", version = form.GetProperty("version").GetUInt32() });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var list = await api.GetFromJsonAsync<JsonElement>("/api/sources");
        var listed = list.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "api-folder");
        Assert.Equal(other, listed.GetProperty("settings").GetProperty("path").GetString());
        Assert.Equal("movies", listed.GetProperty("settings").GetProperty("kind").GetString());

        var removed = await api.DeleteAsync("/api/sources/api-folder");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        var removal = await removed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("api-folder", 0), (removal.GetProperty("source").GetString(), removal.GetProperty("filesRemoved").GetInt32()));
        Assert.Equal(0, removal.GetProperty("rebuiltChannels").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/sources/api-folder")).StatusCode);
    }

    [Fact]
    public async Task Saving_a_source_edited_by_someone_else_meanwhile_is_refused_as_stale()
    {
        var api = await ScriptAsync();
        var folder = Directory.CreateTempSubdirectory("rv-stale-").FullName;
        await api.PostAsJsonAsync("/api/sources/filesystem", new { name = "stale", path = folder });
        var version = (await api.GetFromJsonAsync<JsonElement>("/api/sources/stale")).GetProperty("version").GetUInt32();

        var first = await api.PutAsJsonAsync("/api/sources/stale/filesystem", new { path = folder, contentKind = "shows", version });
        var second = await api.PutAsJsonAsync("/api/sources/stale/filesystem", new { path = folder, contentKind = "movies", version });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("changed by someone else", await second.Content.ReadAsStringAsync());
        var stored = await api.GetFromJsonAsync<JsonElement>("/api/sources/stale");
        Assert.Equal("shows", stored.GetProperty("contentKind").GetString());

        // The edit page detects it the same way: a form loaded before that change cannot overwrite it.
        var browser = await Host.SignedInBrowserAsync();
        var token = await AdminHost.AntiforgeryTokenAsync(browser, "/admin/sources/edit/stale");
        var page = await browser.PostAsync("/admin/sources/edit/stale", AdminHost.Form(token, ("version", version.ToString()), ("path", folder), ("contentKind", "mixed")));
        Assert.Equal(HttpStatusCode.Conflict, page.StatusCode);
        Assert.Contains("changed by someone else", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_Plex_token_is_stored_but_never_returned_by_the_API_or_the_pages()
    {
        const string token = "plex-secret-token-4242";
        var api = await ScriptAsync();
        var created = await api.PostAsJsonAsync("/api/sources/plex", new
        {
            name = "plexy",
            url = "http://192.168.1.10:32400",
            token,
            libraries = "TV Shows, Movies",
            pathMappings = new[] { new { from = "/data/tv", to = "/mnt/tv" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var browser = await Host.SignedInBrowserAsync();
        var texts = new[]
        {
            await created.Content.ReadAsStringAsync(),
            await api.GetStringAsync("/api/sources"),
            await api.GetStringAsync("/api/sources/plexy"),
            await browser.GetStringAsync("/admin/sources"),
            await browser.GetStringAsync("/admin/sources/edit/plexy"),
            await browser.GetStringAsync("/admin"),
        };
        Assert.All(texts, text => Assert.DoesNotContain(token, text, StringComparison.Ordinal));
        Assert.True((await api.GetFromJsonAsync<JsonElement>("/api/sources/plexy")).GetProperty("hasToken").GetBoolean());

        // Saving the edit form with the token field left empty keeps the stored token.
        var form = await api.GetFromJsonAsync<JsonElement>("/api/sources/plexy");
        var saved = await api.PutAsJsonAsync("/api/sources/plexy/plex", new
        {
            url = "http://192.168.1.11:32400",
            libraries = "TV Shows",
            pathMappings = new[] { new { from = "/data/tv", to = "/mnt/tv2" }, new { from = "D:\\Movies", to = "/mnt/movies" } },
            version = form.GetProperty("version").GetUInt32(),
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var after = await api.GetFromJsonAsync<JsonElement>("/api/sources/plexy");
        Assert.True(after.GetProperty("hasToken").GetBoolean());
        Assert.Equal(2, after.GetProperty("pathMappings").GetArrayLength());
    }

    [Theory]
    [InlineData("/api/sources/filesystem", """{"name":"trav","path":"/srv/media/../../etc"}""", "'..'")]
    [InlineData("/api/sources/filesystem", """{"name":"rel","path":"media/tv"}""", "absolute path")]
    [InlineData("/api/sources/plex", """{"name":"p1","url":"http://h:32400","token":"t0k3n","pathMappings":[{"from":"/data","to":"/mnt/../root"}]}""", "'..'")]
    [InlineData("/api/sources/plex", """{"name":"p2","url":"javascript:alert(1)","token":"t0k3n"}""", "http://")]
    [InlineData("/api/sources/filesystem", """{"name":"broken", "path": """, "JSON")]
    [InlineData("/api/review/bulk", """{"ids":"not-a-list"}""", "JSON")]
    public async Task Bad_input_gets_400_with_a_reason(string path, string json, string reason)
    {
        var api = await ScriptAsync();

        var response = await api.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(reason, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_oversize_request_gets_400_with_a_reason_before_it_is_read()
    {
        var api = await ScriptAsync();
        var huge = new string('x', 2 * 1024 * 1024);

        var response = await api.PostAsync("/api/sources/filesystem", new StringContent($$"""{"name":"big","path":"/{{huge}}"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("limit", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Library_pages_walk_every_file_once_forwards_and_backwards()
    {
        var source = await fixture.Seed.SourceAsync("paging", "/srv/paging");
        var title = await fixture.Seed.TitleAsync("Paging Show");
        await fixture.Seed.AssetsAsync(source, Enumerable.Range(0, 120).Select(i => $"Paging Show/S01E{i:000}.mkv"), title.Id);
        var api = await ScriptAsync();

        var seen = new List<string>();
        var pages = new List<JsonElement>();
        string? after = null;
        do
        {
            var page = await api.GetFromJsonAsync<JsonElement>($"/api/library/assets?source=paging&limit=50{(after is null ? "" : $"&after={after}")}");
            Assert.Equal(120, page.GetProperty("total").GetInt32());
            pages.Add(page);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("path").GetString()!));
            after = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
        }
        while (after is not null);

        Assert.Equal(120, seen.Count);
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Equal(120, seen.Distinct().Count());

        var back = await api.GetFromJsonAsync<JsonElement>($"/api/library/assets?source=paging&limit=50&before={pages[2].GetProperty("previous").GetString()}");
        Assert.Equal(
            pages[1].GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()),
            back.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));

        var titles = await api.GetFromJsonAsync<JsonElement>("/api/library/titles?search=paging");
        Assert.Equal(120, titles.GetProperty("items")[0].GetProperty("assets").GetInt32());
        var detail = await api.GetFromJsonAsync<JsonElement>($"/api/library/assets/{pages[0].GetProperty("items")[0].GetProperty("id").GetString()}");
        Assert.Equal("h264", detail.GetProperty("streams")[0].GetProperty("codec").GetString());
    }

    [Fact]
    public async Task Review_items_are_resolved_dismissed_and_bulk_approved_through_the_API()
    {
        var source = await fixture.Seed.SourceAsync("reviewing", "/srv/reviewing");
        var title = await fixture.Seed.TitleAsync("Known Show");
        var assets = await fixture.Seed.AssetsAsync(source, ["odd1.mkv", "odd2.mkv", "odd3.mkv", "odd4.mkv"]);
        var items = new List<Guid>();
        foreach (var asset in assets)
        {
            items.Add((await fixture.Seed.ReviewAsync(asset)).Id);
        }

        var api = await ScriptAsync();
        var linked = await api.PostAsJsonAsync($"/api/review/{items[0]}/resolve", new { title = "known show", season = 1, episode = 3 });
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        Assert.Equal("resolved", (await linked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var again = await api.PostAsJsonAsync($"/api/review/{items[0]}/resolve", new { approve = true });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/review/{items[1]}/dismiss", new { reason = "a trailer" })).StatusCode);
        var bulk = await api.PostAsJsonAsync("/api/review/bulk", new { ids = new[] { items[2], items[3], items[0] }, action = "approve" });
        var outcome = await bulk.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, outcome.GetProperty("done").GetInt32());
        Assert.Single(outcome.GetProperty("errors").EnumerateArray());

        var detail = await api.GetFromJsonAsync<JsonElement>($"/api/library/assets/{assets[0].Id}");
        Assert.Equal("Known Show", detail.GetProperty("summary").GetProperty("title").GetString());
        Assert.Equal(3, detail.GetProperty("episodes")[0].GetProperty("episode").GetInt32());
        var pending = await api.GetFromJsonAsync<JsonElement>("/api/review");
        Assert.DoesNotContain(pending.GetProperty("items").EnumerateArray(), i => items.Contains(i.GetProperty("id").GetGuid()));
        _ = title;
    }

    [Fact]
    public async Task A_revoked_key_no_longer_works_and_the_OpenAPI_document_describes_the_API()
    {
        var keys = Host.Services.GetRequiredService<ApiKeyService>();
        var key = await keys.CreateAsync("short-lived", CancellationToken.None);
        var client = Host.NewBrowser();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key.Secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/library/stats")).StatusCode);

        await keys.RevokeAsync(key.Key.Id, CancellationToken.None);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/library/stats")).StatusCode);

        var openApi = await Host.NewBrowser().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = openApi.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/sources", paths);
        Assert.Contains("/api/library/assets", paths);
        Assert.Contains("/api/review/{id}/resolve", paths);
    }
}
