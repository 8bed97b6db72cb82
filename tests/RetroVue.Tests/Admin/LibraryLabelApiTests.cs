using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.App.Security;
using RetroVue.Domain.Library;

namespace RetroVue.Tests.Admin;

/// <summary>Genres, tags and studios through the REST API's title listing.</summary>
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
