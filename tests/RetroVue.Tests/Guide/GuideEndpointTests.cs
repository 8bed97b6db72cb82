using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using RetroVue.Adapters.Processes;
using RetroVue.App.Guide;
using RetroVue.Domain.Scheduling;
using RetroVue.Tests.Channels;

namespace RetroVue.Tests.Guide;

/// <summary>The guide, the playlist and the now-playing API over real HTTP, checked the way clients and the XMLTV validator read them.</summary>
public sealed partial class GuideEndpointTests
{


    private static readonly string[] ProgrammeChildOrder =
    [
        "title", "sub-title", "desc", "credits", "date", "category", "keyword", "language", "orig-language", "length", "icon", "url",
        "country", "episode-num", "video", "audio", "previously-shown", "premiere", "last-chance", "new", "subtitles", "rating", "star-rating", "review", "image",
    ];

    [Fact]
    public async Task The_xmltv_guide_passes_the_official_validator_and_agrees_with_the_timeline_to_the_second()
    {
        await using var harness = await PlayoutServiceTests.SeededAsync();
        await harness.ApplyAsync(("c.yaml", Yamls.Channel("2", "Classic", Yamls.SitcomsFillerAndMovies)), ("n.yaml", Yamls.Sitcoms("3", "Not Built Yet")));
        await harness.BuildAsync("2", days: 3);
        await using var web = await IptvWebHost.StartAsync(harness.ConnectionString, harness.Clock);

        var response = await web.Client.GetAsync("/iptv/xmltv.xml");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var file = Path.Combine(Directory.CreateTempSubdirectory("rv-xmltv-").FullName, "guide.xml");
        await File.WriteAllBytesAsync(file, bytes);
        var validation = await ProcessRunner.RunAsync("tv_validate_file", ["--dtd-file", "/usr/share/xmltv/xmltv.dtd", file], TimeSpan.FromMinutes(2));
        Assert.True(validation.Succeeded, $"tv_validate_file failed:\n{validation.StandardOutput}\n{validation.StandardError}");
        Assert.Contains("Validated ok", validation.StandardOutput + validation.StandardError, StringComparison.Ordinal);

        var tv = XDocument.Parse(System.Text.Encoding.UTF8.GetString(bytes)).Root!;
        var names = tv.Elements().Select(e => e.Name.LocalName).ToList();
        Assert.True(names.LastIndexOf("channel") < names.IndexOf("programme"), "every <channel> comes before every <programme>");
        var channel = tv.Elements("channel").First();
        var channelId = (string)channel.Attribute("id")!;
        Assert.Contains('.', channelId);
        Assert.Equal(["2 Classic", "2", "Classic"], channel.Elements("display-name").Select(d => d.Value));

        var programmes = tv.Elements("programme").ToList();
        Assert.All(programmes, p =>
        {
            Assert.Matches(XmltvTime(), (string)p.Attribute("start")!);
            Assert.Matches(XmltvTime(), (string)p.Attribute("stop")!);
            var order = p.Elements().Select(e => Array.IndexOf(ProgrammeChildOrder, e.Name.LocalName)).ToList();
            Assert.DoesNotContain(-1, order);
            Assert.Equal(order.Order(), order);
            Assert.All(p.Elements(), e => Assert.True(e.Value.Trim().Length > 0 || e.HasAttributes, $"empty <{e.Name}>"));
        });

        // One programme per guide entry, filler folded in, to the second.
        var data = await harness.Get<GuideService>().LoadAsync(CancellationToken.None);
        var stored = await harness.TimelineAsync("2");
        var expected = GuideService.Window(stored, data.From)
            .Where(p => p.Start < data.To)
            .Select(p => (XmltvWriter.FormatTime(p.Start), XmltvWriter.FormatTime(p.Stop), p.Programme.Title))
            .ToList();
        var actual = programmes.Where(p => (string)p.Attribute("channel")! == channelId)
            .Select(p => ((string)p.Attribute("start")!, (string)p.Attribute("stop")!, p.Element("title")!.Value))
            .ToList();
        Assert.Equal(expected, actual);
        Assert.True(stored.Count > actual.Count, "filler entries are folded into their programmes");

        var pilot = programmes.First(p => p.Element("sub-title")?.Value == "Sitcom 1x1");
        Assert.Equal("0.0.", pilot.Elements("episode-num").Single(e => (string)e.Attribute("system")! == "xmltv_ns").Value);
        Assert.Equal("S01E01", pilot.Elements("episode-num").Single(e => (string)e.Attribute("system")! == "onscreen").Value);
        Assert.Equal("Episode one of season 1 & more <fun>", pilot.Element("desc")!.Value);
        Assert.Contains("&amp; more &lt;fun&gt;", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Null(programmes.First(p => p.Element("sub-title")?.Value == "Sitcom 1x2").Element("desc"));

        // A marathon lists every movie as its own programme.
        var movies = programmes.Where(p => p.Element("category")?.Value == "Movie").ToList();
        Assert.Contains(movies, m => m.Element("title")!.Value == "Color Bars & \"Forever\"");
        foreach (var movie in movies)
        {
            var start = ParseTime((string)movie.Attribute("start")!);
            var assets = stored.Where(e => GuideTime.Round(e.GuideKey) == start && e.Kind == TimelineEntryKind.Program).Select(e => e.AssetId).Distinct();
            Assert.Single(assets);
        }

        // A channel with no timeline yet still has a programme: the slate it plays.
        var unbuilt = tv.Elements("channel").Single(c => c.Elements("display-name").Any(d => d.Value == "Not Built Yet"));
        var placeholder = Assert.Single(programmes, p => (string)p.Attribute("channel")! == (string)unbuilt.Attribute("id")!);
        Assert.Equal("Stand By", placeholder.Element("title")!.Value);
    }

    [Fact]
    public async Task The_playlist_lists_every_channel_with_quoted_attributes_and_absolute_urls_from_the_request()
    {
        await using var harness = await PlayoutServiceTests.SeededAsync();
        await harness.ApplyAsync(("c.yaml", Yamls.Channel("2", "Classic", Yamls.SitcomsFillerAndMovies)), ("n.yaml", Yamls.Sitcoms("3.1", "Sub Channel")));
        await using var web = await IptvWebHost.StartAsync(harness.ConnectionString, harness.Clock);

        var direct = await web.Client.GetAsync("/iptv/channels.m3u");
        using var proxied = new HttpRequestMessage(HttpMethod.Get, "/iptv/channels.m3u");
        proxied.Headers.Add("X-Forwarded-Proto", "https");
        proxied.Headers.Add("X-Forwarded-Host", "tv.example.com");
        var behindProxy = await web.Client.SendAsync(proxied);

        Assert.Equal("audio/x-mpegurl", direct.Content.Headers.ContentType?.MediaType);
        var bytes = await direct.Content.ReadAsByteArrayAsync();
        Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "no byte order mark");
        var lines = System.Text.Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"#EXTM3U url-tvg=\"{web.BaseUrl}/iptv/xmltv.xml\" x-tvg-url=\"{web.BaseUrl}/iptv/xmltv.xml\"", lines[0]);
        var channels = await harness.Channels.ListAsync(CancellationToken.None);
        Assert.Equal(1 + (2 * channels.Count), lines.Length);
        for (var i = 0; i < channels.Count; i++)
        {
            var info = lines[1 + (2 * i)];
            var match = ExtInf().Match(info);
            Assert.True(match.Success, info);
            var attributes = match.Groups["attr"].Captures.Select(c => c.Value).ToDictionary(a => a[..a.IndexOf('=')], a => a[(a.IndexOf('=') + 2)..^1]);
            Assert.Equal(channels[i].Id, attributes["tvg-id"]);
            Assert.Equal(channels[i].Number, attributes["tvg-chno"]);
            Assert.Equal(channels[i].Name, attributes["tvg-name"]);
            Assert.True(attributes.ContainsKey("group-title"));
            Assert.Equal(channels[i].Name, match.Groups["name"].Value);
            Assert.Equal($"{web.BaseUrl}/iptv/channel/{channels[i].Number}.ts", lines[2 + (2 * i)]);
        }

        var proxiedText = await behindProxy.Content.ReadAsStringAsync();
        Assert.StartsWith("#EXTM3U url-tvg=\"https://tv.example.com/iptv/xmltv.xml\"", proxiedText, StringComparison.Ordinal);
        Assert.Contains("\nhttps://tv.example.com/iptv/channel/3.1.ts\n", proxiedText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kodi_gets_the_inputstream_properties_before_every_stream_url_and_other_players_do_not()
    {
        await using var harness = await PlayoutServiceTests.SeededAsync();
        await harness.ApplyAsync(("c.yaml", Yamls.Channel("2", "Classic", Yamls.SitcomsFillerAndMovies)), ("n.yaml", Yamls.Sitcoms("3.1", "Sub Channel")));
        await using var web = await IptvWebHost.StartAsync(harness.ConnectionString, harness.Clock);

        var kodi = await PlaylistAsync(web, "Kodi/21.1 (X11; Linux x86_64) Debian/12 6.1.0 Kodi_21");
        var vlc = await PlaylistAsync(web, "VLC/3.0.21 LibVLC/3.0.21");

        var kodiLines = (await kodi.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var streams = kodiLines.Select((line, i) => (line, i)).Where(l => l.line.StartsWith("http", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, streams.Count);
        Assert.All(streams, s => Assert.Equal(M3uPlaylist.KodiProperties, kodiLines[(s.i - M3uPlaylist.KodiProperties.Count)..s.i]));
        Assert.All(streams, s => Assert.StartsWith("#EXTINF:-1 ", kodiLines[s.i - M3uPlaylist.KodiProperties.Count - 1], StringComparison.Ordinal));
        Assert.DoesNotContain("#KODIPROP", await vlc.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("User-Agent", kodi.Headers.Vary);
    }

    private static async Task<HttpResponseMessage> PlaylistAsync(IptvWebHost web, string userAgent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/iptv/channels.m3u");
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        return await web.Client.SendAsync(request);
    }

    [Fact]
    public async Task The_now_playing_api_answers_with_the_entry_on_air_its_offset_and_the_next_entries()
    {
        await using var harness = await PlayoutServiceTests.SeededAsync();
        await harness.ApplyAsync(("c.yaml", Yamls.Channel("2", "Classic", Yamls.SitcomsFillerAndMovies)));
        await harness.BuildAsync(days: 1);
        await using var web = await IptvWebHost.StartAsync(harness.ConnectionString, harness.Clock);

        var response = await web.Client.GetAsync("/api/channels/2/now?next=2");
        var at = await web.Client.GetAsync("/api/channels/2/now?at=2025-01-06T20:00:30Z");
        var unknown = await web.Client.GetAsync("/api/channels/9/now");
        var invalid = await web.Client.GetAsync("/api/channels/two/now");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var current = json.RootElement.GetProperty("current");
        Assert.Equal("2", json.RootElement.GetProperty("channel").GetString());
        Assert.Equal((harness.Clock.Now - current.GetProperty("start").GetDateTimeOffset()).TotalSeconds, json.RootElement.GetProperty("offsetSeconds").GetDouble(), 3);
        var next = json.RootElement.GetProperty("next").EnumerateArray().ToList();
        Assert.Equal(2, next.Count);
        Assert.Equal(current.GetProperty("end").GetDateTimeOffset(), next[0].GetProperty("start").GetDateTimeOffset());
        using var movie = JsonDocument.Parse(await at.Content.ReadAsStringAsync());
        Assert.Equal(30, movie.RootElement.GetProperty("offsetSeconds").GetDouble(), 3);
        Assert.True(movie.RootElement.GetProperty("current").GetProperty("title").GetString() is "Mandelbrot Journey" or "Color Bars & \"Forever\"");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.ParseExact(text, "yyyyMMddHHmmss zzz", System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\d{14} \+0000$")]
    private static partial Regex XmltvTime();

    [GeneratedRegex(@"^#EXTINF:-1(?: (?<attr>[a-z-]+=""[^"",]+""))+,(?<name>[^,""]+)$")]
    private static partial Regex ExtInf();
}
