using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RetroVue.Tests.Admin;

/// <summary>/api/collections: CRUD and test through the same service as the CLI, with the API's auth and problem details.</summary>
public sealed class CollectionApiTests(ChannelAdminFixture fixture) : IClassFixture<ChannelAdminFixture>
{
    private AdminHost Host => fixture.Host;

    [Fact]
    public async Task Collection_calls_are_rejected_without_credentials_and_a_cookie_change_needs_the_antiforgery_header()
    {
        var anonymous = Host.NewBrowser();
        var browser = await Host.SignedInBrowserAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/collections")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/collections", new { name = "anon", query = "kind movie" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/collections/test", new { query = "kind movie" })).StatusCode);
        var noToken = await browser.PostAsJsonAsync("/api/collections", new { name = "cookie", query = "kind movie" });
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Contains("antiforgery", await noToken.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var api = await fixture.ScriptAsync();
        var names = JsonDocument.Parse(await api.GetStringAsync("/api/collections")).RootElement.EnumerateArray().Select(c => c.GetProperty("name").GetString());
        Assert.DoesNotContain("anon", names);
        Assert.DoesNotContain("cookie", names);
    }

    [Fact]
    public async Task A_script_tests_adds_reads_changes_and_removes_a_collection()
    {
        var api = await fixture.ScriptAsync();

        var tested = await api.PostAsJsonAsync("/api/collections/test", new { query = "title = \"Cosmic Cartoons\" and length < 23m", preview = 2 });
        var created = await api.PostAsJsonAsync("/api/collections", new { name = "Cartoons", query = "title = \"Cosmic Cartoons\"", description = "Saturday morning" });
        var shown = await api.GetStringAsync("/api/collections/cartoons?preview=3");
        var changed = await api.PutAsJsonAsync("/api/collections/cartoons", new { query = "kind movie" });
        var shownAgain = await api.GetStringAsync("/api/collections/cartoons");
        var removed = await api.DeleteAsync("/api/collections/cartoons");
        var gone = await api.GetAsync("/api/collections/cartoons");

        Assert.Equal(HttpStatusCode.OK, tested.StatusCode);
        using (var test = JsonDocument.Parse(await tested.Content.ReadAsStringAsync()))
        {
            Assert.Equal(12, test.RootElement.GetProperty("count").GetInt32());
            Assert.Equal(2, test.RootElement.GetProperty("first").GetArrayLength());
        }

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/collections/cartoons", created.Headers.Location?.ToString());
        using (var details = JsonDocument.Parse(shown))
        {
            Assert.Equal("Saturday morning", details.RootElement.GetProperty("collection").GetProperty("description").GetString());
            Assert.Equal(12, details.RootElement.GetProperty("preview").GetProperty("count").GetInt32());
            Assert.Equal(3, details.RootElement.GetProperty("preview").GetProperty("first").GetArrayLength());
        }

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        using (var details = JsonDocument.Parse(shownAgain))
        {
            Assert.Equal("kind movie", details.RootElement.GetProperty("collection").GetProperty("query").GetString());
            Assert.Equal("Saturday Matinee", details.RootElement.GetProperty("preview").GetProperty("first")[0].GetProperty("title").GetString());
        }

        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_query_that_does_not_read_is_a_problem_with_its_column_and_nothing_is_stored()
    {
        var api = await fixture.ScriptAsync();

        var response = await api.PostAsJsonAsync("/api/collections", new { name = "broken", query = "genre in [Comedy] and tag in" });
        var tested = await api.PostAsJsonAsync("/api/collections/test", new { query = "tag = \"" + new string('x', 300) + "\"" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(29, problem.RootElement.GetProperty("column").GetInt32());
        Assert.Contains("column 29: expected a value after 'in'", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tested.StatusCode);
        using var tooLong = JsonDocument.Parse(await tested.Content.ReadAsStringAsync());
        Assert.Equal(7, tooLong.RootElement.GetProperty("column").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/collections/broken")).StatusCode);
    }
}
