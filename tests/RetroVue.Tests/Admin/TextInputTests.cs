using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.App.Common;
using RetroVue.App.Security;
using RetroVue.Domain.Review;

namespace RetroVue.Tests.Admin;

/// <summary>A host as operators run it (Production), with the admin set up and a small catalog with one review item.</summary>
public sealed class ProductionHostFixture : IAsyncLifetime
{
    private AdminHost? _host;

    public AdminHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public Guid ReviewItemId { get; private set; }

    public async Task InitializeAsync()
    {
        _host = await AdminHost.StartAsync(new Dictionary<string, string> { ["environment"] = "Production" });
        await _host.SetUpAdminAsync();
        var seed = new CatalogSeed(_host.ConnectionString);
        var source = await seed.SourceAsync("text-input");
        var assets = await seed.AssetsAsync(source, ["Mystery/file.mkv"]);
        ReviewItemId = (await seed.ReviewAsync(assets[0])).Id;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

/// <summary>Control characters in any text input are the caller's error (400 or a form error), never a 500, and nothing is stored.</summary>
public sealed class TextInputTests(ProductionHostFixture fixture) : IClassFixture<ProductionHostFixture>
{
    private AdminHost Host => fixture.Host;

    private async Task<HttpClient> ScriptAsync()
    {
        var key = await Host.Services.GetRequiredService<ApiKeyService>().CreateAsync("text-input", CancellationToken.None);
        var client = Host.NewBrowser();
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Secret);
        return client;
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string character)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        Assert.Contains($"control character ({character})", body);
        Assert.DoesNotContain("   at ", body);
    }

    [Theory]
    [InlineData("/api/library/titles?search=a%00b", "U+0000")]
    [InlineData("/api/library/assets?search=a%00b", "U+0000")]
    [InlineData("/api/library/assets?source=a%00b", "U+0000")]
    [InlineData("/api/review?reason=a%1Bb", "U+001B")]
    [InlineData("/api/sync-runs?source=a%00b", "U+0000")]
    [InlineData("/api/sources/a%01b", "U+0001")]
    public async Task A_control_character_in_an_API_query_or_path_is_answered_400_with_a_problem(string path, string character)
    {
        var api = await ScriptAsync();

        var response = await api.GetAsync(path);

        await AssertRefusedAsync(response, character);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/admin/library?search=a%00b")]
    [InlineData("/admin/review/titles?q=a%00b")]
    [InlineData("/admin/library?search=%C2%85")]
    public async Task A_control_character_in_an_admin_page_query_is_answered_400_to_a_browser(string path)
    {
        var browser = await Host.SignedInBrowserAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        var response = await browser.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("control character", body);
        Assert.DoesNotContain("   at ", body);
    }

    [Fact]
    public async Task A_source_named_with_U0000_is_refused_by_the_API_and_the_form_and_nothing_is_stored()
    {
        var api = await ScriptAsync();
        var folder = Directory.CreateTempSubdirectory("rv-nul-").FullName;

        var plex = await api.PostAsJsonAsync("/api/sources/plex", new { name = "nul\0source", url = "http://192.168.1.10:32400", token = "abc" });
        var filesystem = await api.PostAsJsonAsync("/api/sources/filesystem", new { name = "nul\0source", path = folder });
        var browser = await Host.SignedInBrowserAsync();
        var token = await AdminHost.AntiforgeryTokenAsync(browser, "/admin/sources/add");
        var form = await browser.PostAsync("/admin/sources/add", AdminHost.Form(token, ("kind", "filesystem"), ("name", "nul\0source"), ("path", folder), ("contentKind", "shows")));

        Assert.Equal(HttpStatusCode.BadRequest, plex.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, filesystem.StatusCode);
        Assert.Contains("not a valid source name", await plex.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        Assert.Contains("U+0000", await form.Content.ReadAsStringAsync());
        var sources = await api.GetFromJsonAsync<JsonElement>("/api/sources");
        Assert.DoesNotContain(sources.EnumerateArray(), s => s.GetProperty("name").GetString()!.StartsWith("nul", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_Plex_server_URL_with_a_control_character_is_refused()
    {
        var api = await ScriptAsync();

        var response = await api.PostAsJsonAsync("/api/sources/plex", new { name = "esc-url", url = "http://192.168.1.10:32400/\u001b[2J", token = "abc" });

        await AssertRefusedAsync(response, "U+001B");
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/sources/esc-url")).StatusCode);
    }

    [Theory]
    [InlineData("dismiss", "a\u0000b", "U+0000")]
    [InlineData("dismiss", "line\nbreak", "U+000A")]
    [InlineData("bulk-dismiss", "a\u0000b", "U+0000")]
    [InlineData("resolve", "a\u009bb", "U+009B")]
    [InlineData("bulk-link", "Show\u0000", "U+0000")]
    public async Task A_review_reason_note_or_title_with_a_control_character_is_refused_and_the_item_stays_pending(string action, string text, string character)
    {
        var api = await ScriptAsync();
        var id = fixture.ReviewItemId;

        var response = action switch
        {
            "dismiss" => await api.PostAsJsonAsync($"/api/review/{id}/dismiss", new { reason = text }),
            "bulk-dismiss" => await api.PostAsJsonAsync("/api/review/bulk", new { ids = new[] { id }, action = "dismiss", note = text }),
            "resolve" => await api.PostAsJsonAsync($"/api/review/{id}/resolve", new { approve = true, note = text }),
            _ => await api.PostAsJsonAsync("/api/review/bulk", new { ids = new[] { id }, action = "link", title = text }),
        };

        await AssertRefusedAsync(response, character);
        var pending = await api.GetFromJsonAsync<JsonElement>("/api/review");
        Assert.Contains(pending.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == id && i.GetProperty("status").GetString() == "pending");
    }

    [Fact]
    public async Task Linking_a_review_item_in_the_admin_to_a_title_with_a_C1_control_shows_a_form_error()
    {
        var browser = await Host.SignedInBrowserAsync();
        var token = await AdminHost.AntiforgeryTokenAsync(browser, "/admin/review");

        var response = await browser.PostAsync($"/admin/review?handler=Link&id={fixture.ReviewItemId}", AdminHost.Form(token, ("title", "Show\u009b2J")));

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The title contains a control character (U+009B)", WebUtility.HtmlDecode(html));
        Assert.Contains("<form", html);
    }

    [Fact]
    public async Task An_API_key_named_with_an_escape_sequence_is_refused()
    {
        var error = await Assert.ThrowsAsync<UserFacingException>(() => Host.Services.GetRequiredService<ApiKeyService>().CreateAsync("key\u001b[31m", CancellationToken.None));

        Assert.Contains("control character (U+001B)", error.Message);
    }

    [Fact]
    public async Task Text_the_database_cannot_store_is_refused_as_the_callers_error_and_the_transaction_is_rolled_back()
    {
        var unitOfWork = Host.Services.GetRequiredService<IUnitOfWork>();
        var before = await unitOfWork.ExecuteAsync((db, ct) => Task.FromResult(db.ReviewItems.Count(r => r.Status == ReviewStatus.Pending)), CancellationToken.None);

        // Behind every App check: a change that dismisses the item, then a lookup PostgreSQL refuses, in one unit.
        var error = await Assert.ThrowsAsync<UserFacingException>(() => unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var item = db.ReviewItems.Single(r => r.Id == fixture.ReviewItemId);
                item.Dismiss("by the test", DateTimeOffset.UnixEpoch);
                await db.SaveChangesAsync(ct);
                var name = "a\0b";
                return db.Sources.Any(s => s.Name == name);
            },
            CancellationToken.None));

        Assert.Contains("Nothing was saved", error.Message);
        var after = await unitOfWork.ExecuteAsync((db, ct) => Task.FromResult(db.ReviewItems.Count(r => r.Status == ReviewStatus.Pending)), CancellationToken.None);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task An_operator_error_reaches_a_client_that_accepts_only_HTML_as_a_400_with_its_message_and_no_stack_trace()
    {
        var api = await ScriptAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/sources/filesystem") { Content = JsonContent.Create(new { name = "html-only", path = "relative/path" }) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        var response = await api.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("must be an absolute path", body);
        Assert.DoesNotContain("   at ", body);
    }
}
