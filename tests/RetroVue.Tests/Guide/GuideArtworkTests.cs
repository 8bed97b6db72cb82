using System.Net;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.Adapters.Processes;
using RetroVue.App.Security;
using RetroVue.Domain.Library;
using RetroVue.Tests.Channels;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Guide;

/// <summary>Programme icons in the XMLTV guide: artwork keys on the timeline, absolute URLs per request, still valid XMLTV.</summary>
public sealed class GuideArtworkTests : IDisposable
{
    private const string Schedule = """
        pools:
          - name: sitcom
            series: [Sitcom]
          - name: ads
            series: [Ads]
          - name: movies
            movies: true
        filler:
          pad: ads
        layers:
          - name: every day
            days: all
            blocks:
              - at: "06:00"
                kind: episodes
                pool: sitcom
                order: sequential
              - at: "20:00"
                kind: marathon
                pool: movies
        """;

    private readonly TestMediaFolder _media = TestMedia.CreateFolder();

    public void Dispose() => _media.Dispose();

    [Fact]
    public async Task Programmes_carry_icons_on_the_host_the_client_reached_with_the_token_and_the_guide_still_validates()
    {
        await using var harness = await PlayoutServiceTests.SeededAsync();
        var poster = await TestMedia.ImageAsync(_media.File("sitcom.jpg"));
        var still = await TestMedia.ImageAsync(_media.File("pilot.png"), "blue");
        var (sitcom, pilot, movie) = await harness.QueryAsync(async db =>
        {
            var source = await db.Sources.Select(s => s.Id).FirstAsync();
            var show = await db.Titles.SingleAsync(t => t.Name == "Sitcom");
            show.Poster = ArtworkRef.LocalFile(source, poster);
            var first = await db.Episodes.SingleAsync(e => e.TitleId == show.Id && e.Name == "Sitcom 1x1");
            first.Still = ArtworkRef.LocalFile(source, still);
            var film = await db.Titles.SingleAsync(t => t.Name == "Mandelbrot Journey");
            film.Poster = ArtworkRef.ServerImage(source, "/library/metadata/7/thumb/8");
            await db.SaveChangesAsync();
            return (show.Id, first.Id, film.Id);
        });
        await harness.ApplyAsync(("c.yaml", Yamls.Channel("2", "Classic", Schedule)));
        await harness.BuildAsync("2", days: 2);
        await using var web = await IptvWebHost.StartAsync(harness.ConnectionString, harness.Clock);
        var token = (await web.Services.GetRequiredService<IptvAccess>().SetTokenRequiredAsync(true, CancellationToken.None)).Token;

        using var proxied = new HttpRequestMessage(HttpMethod.Get, $"/iptv/xmltv.xml?token={token}");
        proxied.Headers.Add("X-Forwarded-Proto", "https");
        proxied.Headers.Add("X-Forwarded-Host", "tv.example.com");
        var response = await web.Client.SendAsync(proxied);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var file = Path.Combine(_media.Path, "guide.xml");
        await File.WriteAllBytesAsync(file, bytes);
        var validation = await ProcessRunner.RunAsync("tv_validate_file", ["--dtd-file", "/usr/share/xmltv/xmltv.dtd", file], TimeSpan.FromMinutes(2));
        Assert.True(validation.Succeeded, $"tv_validate_file failed:\n{validation.StandardOutput}\n{validation.StandardError}");

        var programmes = XDocument.Parse(System.Text.Encoding.UTF8.GetString(bytes)).Root!.Elements("programme").ToList();
        string? IconOf(XElement programme) => (string?)programme.Element("icon")?.Attribute("src");
        Assert.Equal($"https://tv.example.com/iptv/artwork/episode/{pilot}?token={token}", IconOf(programmes.First(p => p.Element("sub-title")?.Value == "Sitcom 1x1")));
        Assert.Equal($"https://tv.example.com/iptv/artwork/title/{sitcom}?token={token}", IconOf(programmes.First(p => p.Element("sub-title")?.Value == "Sitcom 1x2")));
        Assert.Equal($"https://tv.example.com/iptv/artwork/title/{movie}?token={token}", IconOf(programmes.First(p => p.Element("title")!.Value == "Mandelbrot Journey")));
        Assert.Null(IconOf(programmes.First(p => p.Element("title")!.Value == "Color Bars & \"Forever\"")));

        // The icon the guide names is served by this server.
        var icon = new Uri(IconOf(programmes.First(p => p.Element("sub-title")?.Value == "Sitcom 1x1"))!);
        var image = await web.Client.GetAsync(icon.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Without_a_token_requirement_icons_are_plain_urls_on_the_requests_own_host()
    {
        await using var harness = await PlayoutServiceTests.SeededAsync();
        var sitcom = await harness.QueryAsync(async db =>
        {
            var source = await db.Sources.Select(s => s.Id).FirstAsync();
            var show = await db.Titles.SingleAsync(t => t.Name == "Sitcom");
            show.Poster = ArtworkRef.ServerImage(source, "/library/metadata/1/thumb/2");
            await db.SaveChangesAsync();
            return show.Id;
        });
        await harness.ApplyAsync(("c.yaml", Yamls.Channel("2", "Classic", Schedule)));
        await harness.BuildAsync("2", days: 1);
        await using var web = await IptvWebHost.StartAsync(harness.ConnectionString, harness.Clock);

        var guide = XDocument.Parse(await web.Client.GetStringAsync("/iptv/xmltv.xml")).Root!;

        var icons = guide.Elements("programme").Where(p => p.Element("sub-title") is not null).Select(p => (string?)p.Element("icon")?.Attribute("src")).Distinct().ToList();
        Assert.Equal([$"{web.BaseUrl}/iptv/artwork/title/{sitcom}"], icons);
    }
}
