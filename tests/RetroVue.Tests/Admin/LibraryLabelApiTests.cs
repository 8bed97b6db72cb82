using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.App.Security;
using RetroVue.Domain.Library;

namespace RetroVue.Tests.Admin;

/// <summary>Genres, tags and studios through the REST API and the admin's title pages.</summary>
public sealed class LibraryLabelApiTests(AdminHostFixture fixture) : IClassFixture<AdminHostFixture>
{
    private async Task<HttpClient> ScriptAsync()
    {
        var key = await fixture.Host.Services.GetRequiredService<ApiKeyService>().CreateAsync("labels", CancellationToken.None);
        var client = fixture.Host.NewBrowser();
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Secret);
        return client;
    }

    private static List<string> Names(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToList();

    [Fact]
    public async Task The_title_listing_returns_each_titles_labels_and_filters_by_one_genre_tag_or_studio_without_case()
    {
        var plex = await fixture.Seed.SourceAsync("labels-plex", "/srv/labels-plex");
        var nfo = await fixture.Seed.SourceAsync("labels-nfo", "/srv/labels-nfo");
        var sitcom = await fixture.Seed.TitleAsync("Labelled Sitcom");
        var drama = await fixture.Seed.TitleAsync("Labelled Drama");
        await fixture.Seed.LabelAsync(sitcom, plex, TagKind.Genre, "Comedy");
        await fixture.Seed.LabelAsync(sitcom, nfo, TagKind.Genre, "comedy", "Sitcom");
        await fixture.Seed.LabelAsync(sitcom, nfo, TagKind.Tag, "Christmas");
        await fixture.Seed.LabelAsync(drama, plex, TagKind.Studio, "Acme Studios");
        var api = await ScriptAsync();

        var all = await api.GetFromJsonAsync<JsonElement>("/api/library/titles?search=labelled");
        var listed = all.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "Labelled Sitcom");
        Assert.Equal(["Comedy", "Sitcom"], listed.GetProperty("genres").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal(["Christmas"], listed.GetProperty("tags").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal(["Labelled Sitcom"], Names(await api.GetFromJsonAsync<JsonElement>("/api/library/titles?genre=COMEDY")));
        Assert.Equal(["Labelled Sitcom"], Names(await api.GetFromJsonAsync<JsonElement>("/api/library/titles?tag=christmas")));
        Assert.Equal(["Labelled Drama"], Names(await api.GetFromJsonAsync<JsonElement>("/api/library/titles?studio=acme%20%20studios")));
        Assert.Empty(Names(await api.GetFromJsonAsync<JsonElement>("/api/library/titles?tag=comedy")));
    }

    [Fact]
    public async Task The_labels_are_listed_once_per_normalised_name_with_their_title_counts_and_by_kind()
    {
        var plex = await fixture.Seed.SourceAsync("count-plex", "/srv/count-plex");
        var nfo = await fixture.Seed.SourceAsync("count-nfo", "/srv/count-nfo");
        var first = await fixture.Seed.TitleAsync("Counted One");
        var second = await fixture.Seed.TitleAsync("Counted Two");
        await fixture.Seed.LabelAsync(first, plex, TagKind.Genre, "Westerns Counted");
        await fixture.Seed.LabelAsync(first, nfo, TagKind.Genre, "westerns  counted");
        await fixture.Seed.LabelAsync(second, nfo, TagKind.Genre, "WESTERNS COUNTED");
        await fixture.Seed.LabelAsync(second, plex, TagKind.Studio, "Counted Pictures");
        var api = await ScriptAsync();

        var all = await api.GetFromJsonAsync<JsonElement>("/api/library/labels");
        var studios = await api.GetFromJsonAsync<JsonElement>("/api/library/labels?kind=Studio");
        var bad = await api.GetAsync("/api/library/labels?kind=colour");

        var western = Assert.Single(all.EnumerateArray(), l => l.GetProperty("name").GetString()!.Equals("westerns counted", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("genre", western.GetProperty("kind").GetString());
        Assert.Equal(2, western.GetProperty("titles").GetInt32());
        Assert.All(studios.EnumerateArray(), l => Assert.Equal("studio", l.GetProperty("kind").GetString()));
        Assert.Contains(studios.EnumerateArray(), l => l.GetProperty("name").GetString() == "Counted Pictures");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("'colour' is not a label kind", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_title_list_shows_each_titles_labels_as_links_that_filter_by_them()
    {
        var source = await fixture.Seed.SourceAsync("admin-labels", "/srv/admin-labels");
        var carol = await fixture.Seed.TitleAsync("Admin Carol Special");
        var other = await fixture.Seed.TitleAsync("Admin Summer Special");
        await fixture.Seed.LabelAsync(carol, source, TagKind.Tag, "Christmas Admin");
        await fixture.Seed.LabelAsync(other, source, TagKind.Genre, "Beach & Sun");
        var browser = await fixture.Host.SignedInBrowserAsync();

        var list = WebUtility.HtmlDecode(await browser.GetStringAsync("/admin/library/titles?search=admin"));
        var filtered = WebUtility.HtmlDecode(await browser.GetStringAsync("/admin/library/titles?tag=christmas%20admin"));
        var bad = await browser.GetAsync("/admin/library/titles?tag=" + new string('t', 300));

        Assert.Contains("/admin/library/titles?tag=Christmas%20Admin", list, StringComparison.Ordinal);
        Assert.Contains("/admin/library/titles?genre=Beach%20%26%20Sun", list, StringComparison.Ordinal);
        Assert.Contains("Beach & Sun", list, StringComparison.Ordinal);
        Assert.Contains("Admin Carol Special", filtered, StringComparison.Ordinal);
        Assert.DoesNotContain("Admin Summer Special", filtered, StringComparison.Ordinal);
        Assert.Contains("Only titles with the tag", filtered, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("tag is 300 characters long", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("genre", "%01Comedy", "genre")]
    [InlineData("tag", "LONG", "tag is 300 characters long")]
    [InlineData("studio", "%20%20", "studio is empty")]
    public async Task A_bad_label_filter_is_a_400_naming_the_parameter(string parameter, string value, string reason)
    {
        var api = await ScriptAsync();
        var query = value == "LONG" ? new string('a', 300) : value;

        var response = await api.GetAsync($"/api/library/titles?{parameter}={query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
