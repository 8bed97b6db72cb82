using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.Adapters.Plex;
using RetroVue.App.Security;
using RetroVue.Domain.Library;
using RetroVue.Tests.Jellyfin.Support;
using RetroVue.Tests.Plex.Support;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Guide;

/// <summary>GET /iptv/artwork/{kind}/{id} over real HTTP: local files, Plex, Jellyfin and Emby images through fake servers, the IPTV token.</summary>
public sealed class ArtworkEndpointTests : IDisposable
{
    private readonly TestMediaFolder _media = TestMedia.CreateFolder();

    public void Dispose() => _media.Dispose();

    private static async Task<(Guid TitleId, Guid EpisodeId)> SeedAsync(string connectionString, Source source, ArtworkRef? poster, ArtworkRef? still)
    {
        await using var db = TestPostgres.CreateContext(connectionString);
        var now = DateTimeOffset.UnixEpoch;
        db.Sources.Add(source);
        var title = new Title(TitleKind.Show, "Sitcom", null, now) { Poster = poster };
        var season = new Season(title.Id, 1);
        var episode = new Episode(title.Id, season.Id, 1, now) { Still = still };
        db.AddRange(title, season, episode);
        await db.SaveChangesAsync();
        return (title.Id, episode.Id);
    }

    private static Source LocalSource(string root) =>
        new("local", SourceKind.Filesystem, new Dictionary<string, string> { ["path"] = root, ["kind"] = "mixed" }, DateTimeOffset.UnixEpoch);

    private static Source PlexSource(FakePlexServer plex, string token) =>
        new("plex", SourceKind.Plex, new Dictionary<string, string> { [PlexSourceSettings.Url] = plex.BaseUri.ToString(), [PlexSourceSettings.Token] = token }, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task A_local_poster_is_served_as_its_real_image_type_with_cache_headers_and_answers_304_when_unchanged()
    {
        var poster = await TestMedia.ImageAsync(_media.File("poster.png"), "green");
        var still = await TestMedia.ImageAsync(_media.File("still.jpg"), "blue");
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var source = LocalSource(_media.Path);
        var (titleId, episodeId) = await SeedAsync(connectionString, source, ArtworkRef.LocalFile(source.Id, poster), ArtworkRef.LocalFile(source.Id, still));
        await using var web = await IptvWebHost.StartAsync(connectionString, TimeProvider.System);

        var png = await web.Client.GetAsync($"/iptv/artwork/title/{titleId}");
        var jpeg = await web.Client.GetAsync($"/iptv/artwork/episode/{episodeId}");
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/iptv/artwork/title/{titleId}");
        again.Headers.IfNoneMatch.Add(png.Headers.ETag!);
        var notModified = await web.Client.SendAsync(again);

        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(poster), await png.Content.ReadAsByteArrayAsync());
        Assert.Equal(TimeSpan.FromDays(1), png.Headers.CacheControl?.MaxAge);
        Assert.NotNull(png.Headers.ETag);
        Assert.Equal(new DateTimeOffset(File.GetLastWriteTimeUtc(poster)).ToUnixTimeSeconds(), png.Content.Headers.LastModified?.ToUnixTimeSeconds());
        Assert.Equal("image/jpeg", jpeg.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task Unknown_ids_kinds_without_artwork_missing_files_and_files_that_are_not_images_are_404()
    {
        var notAnImage = _media.File("poster.jpg");
        await File.WriteAllTextAsync(notAnImage, "<html>not a picture</html>");
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var source = LocalSource(_media.Path);
        var (titleId, episodeId) = await SeedAsync(connectionString, source, ArtworkRef.LocalFile(source.Id, notAnImage), ArtworkRef.LocalFile(source.Id, _media.File("gone.jpg")));
        await using var web = await IptvWebHost.StartAsync(connectionString, TimeProvider.System);

        foreach (var path in new[]
        {
            $"/iptv/artwork/title/{Guid.NewGuid()}",
            $"/iptv/artwork/episode/{titleId}",
            $"/iptv/artwork/channel/{titleId}",
            "/iptv/artwork/title/not-a-guid",
            $"/iptv/artwork/title/{titleId}",
            $"/iptv/artwork/episode/{episodeId}",
        })
        {
            var response = await web.Client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
            Assert.NotEqual("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task With_the_iptv_token_required_artwork_is_refused_without_it_and_served_with_it()
    {
        var poster = await TestMedia.ImageAsync(_media.File("poster.jpg"));
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var source = LocalSource(_media.Path);
        var (titleId, _) = await SeedAsync(connectionString, source, ArtworkRef.LocalFile(source.Id, poster), null);
        await using var web = await IptvWebHost.StartAsync(connectionString, TimeProvider.System);
        var settings = await web.Services.GetRequiredService<IptvAccess>().SetTokenRequiredAsync(true, CancellationToken.None);

        var without = await web.Client.GetAsync($"/iptv/artwork/title/{titleId}");
        var wrong = await web.Client.GetAsync($"/iptv/artwork/title/{titleId}?token=wrong");
        var with = await web.Client.GetAsync($"/iptv/artwork/title/{titleId}?token={settings.Token}");

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
        Assert.Equal("image/jpeg", with.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_plex_poster_is_fetched_with_the_token_in_a_header_and_the_token_appears_nowhere_in_the_answer()
    {
        await using var plex = await FakePlexServer.StartAsync();
        var image = await File.ReadAllBytesAsync(await TestMedia.ImageAsync(_media.File("plex.jpg"), "purple"));
        const string ImagePath = "/library/metadata/9881/thumb/1723182007";
        plex.SetImage(ImagePath, image, "application/octet-stream");
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var source = PlexSource(plex, plex.Token);
        var (titleId, episodeId) = await SeedAsync(connectionString, source, ArtworkRef.ServerImage(source.Id, ImagePath), ArtworkRef.ServerImage(source.Id, "/library/metadata/1/thumb/404"));
        await using var web = await IptvWebHost.StartAsync(connectionString, TimeProvider.System);

        var response = await web.Client.GetAsync($"/iptv/artwork/title/{titleId}");
        var body = await response.Content.ReadAsByteArrayAsync();
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/iptv/artwork/title/{titleId}");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        var requestsBefore = plex.Requests.Count;
        var notModified = await web.Client.SendAsync(again);
        var requestsAfter = plex.Requests.Count;
        var gone = await web.Client.GetAsync($"/iptv/artwork/episode/{episodeId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(image, body);
        Assert.Equal(TimeSpan.FromDays(1), response.Headers.CacheControl?.MaxAge);
        var asked = Assert.Single(plex.Requests, r => r.Path == ImagePath);
        Assert.Equal(plex.Token, asked.Headers["X-Plex-Token"]);
        Assert.DoesNotContain(plex.Token, asked.RawTarget, StringComparison.Ordinal);
        var headers = string.Join("\n", response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));
        Assert.DoesNotContain(plex.Token, headers, StringComparison.Ordinal);
        Assert.DoesNotContain(plex.Token, System.Text.Encoding.Latin1.GetString(body), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(requestsBefore, requestsAfter); // the path names Plex's version of the image: a cached copy is confirmed without asking Plex
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_plex_server_that_refuses_or_cannot_be_reached_gives_502_with_a_short_reason_and_no_token()
    {
        await using var plex = await FakePlexServer.StartAsync();
        const string ImagePath = "/library/metadata/5/thumb/6";
        plex.SetImage(ImagePath, [0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0, 0, 0, 0, 0, 0]);
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var refused = PlexSource(plex, "a-revoked-plex-token");
        var (refusedTitle, _) = await SeedAsync(connectionString, refused, ArtworkRef.ServerImage(refused.Id, ImagePath), null);
        await using var web = await IptvWebHost.StartAsync(connectionString, TimeProvider.System);

        var response = await web.Client.GetAsync($"/iptv/artwork/title/{refusedTitle}");
        var reason = await response.Content.ReadAsStringAsync();
        await plex.DisposeAsync();
        var down = await web.Client.GetAsync($"/iptv/artwork/title/{refusedTitle}");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("Plex refused the source's token.", reason);
        Assert.DoesNotContain("a-revoked-plex-token", reason, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadGateway, down.StatusCode);
        Assert.Equal("Plex could not be reached.", await down.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_jellyfin_or_emby_poster_is_fetched_with_the_key_in_a_header_and_a_changed_poster_gets_a_new_tag(bool emby)
    {
        await using var server = await FakeJellyfinServer.StartAsync(emby, apiKey: "artwork-key-8e7d6c5b4a");
        var first = await File.ReadAllBytesAsync(await TestMedia.ImageAsync(_media.File("first.png"), "orange"));
        var second = await File.ReadAllBytesAsync(await TestMedia.ImageAsync(_media.File("second.jpg"), "teal"));
        server.SetImage("series-1", first);
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var source = new Source(
            "media-server",
            emby ? SourceKind.Emby : SourceKind.Jellyfin,
            new Dictionary<string, string> { ["url"] = server.BaseUri.ToString(), ["token"] = server.ApiKey },
            DateTimeOffset.UnixEpoch);
        var (titleId, episodeId) = await SeedAsync(connectionString, source, ArtworkRef.ServerImage(source.Id, "/Items/series-1/Images/Primary"), ArtworkRef.ServerImage(source.Id, "/Items/gone/Images/Primary"));
        await using var web = await IptvWebHost.StartAsync(connectionString, TimeProvider.System);

        var response = await web.Client.GetAsync($"/iptv/artwork/title/{titleId}");
        var body = await response.Content.ReadAsByteArrayAsync();
        using var unchanged = new HttpRequestMessage(HttpMethod.Get, $"/iptv/artwork/title/{titleId}");
        unchanged.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        var notModified = await web.Client.SendAsync(unchanged);
        server.SetImage("series-1", second);
        using var afterChange = new HttpRequestMessage(HttpMethod.Get, $"/iptv/artwork/title/{titleId}");
        afterChange.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        var changed = await web.Client.SendAsync(afterChange);
        var gone = await web.Client.GetAsync($"/iptv/artwork/episode/{episodeId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(first, body);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("image/jpeg", changed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(second, await changed.Content.ReadAsByteArrayAsync());
        Assert.NotEqual(response.Headers.ETag, changed.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains(server.Requests, r => r.Path == "/Items/series-1/Images/Primary");
        Assert.All(server.Requests, r => Assert.DoesNotContain(server.ApiKey, r.RawTarget, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_jellyfin_server_that_refuses_the_key_gives_502_with_a_short_reason()
    {
        await using var server = await FakeJellyfinServer.StartAsync(apiKey: "the-right-key-1234");
        server.SetImage("series-2", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0, 0, 0, 0, 0, 0]);
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var source = new Source("refused-jf", SourceKind.Jellyfin, new Dictionary<string, string> { ["url"] = server.BaseUri.ToString(), ["token"] = "a-revoked-jellyfin-key" }, DateTimeOffset.UnixEpoch);
        var (titleId, _) = await SeedAsync(connectionString, source, ArtworkRef.ServerImage(source.Id, "/Items/series-2/Images/Primary"), null);
        await using var web = await IptvWebHost.StartAsync(connectionString, TimeProvider.System);

        var response = await web.Client.GetAsync($"/iptv/artwork/title/{titleId}");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("Jellyfin refused the source's API key.", await response.Content.ReadAsStringAsync());
    }
}
