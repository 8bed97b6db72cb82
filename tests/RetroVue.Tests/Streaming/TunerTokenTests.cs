using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.Adapters;
using RetroVue.Adapters.Streaming.Tuner;
using RetroVue.App;
using RetroVue.App.Ingest;
using RetroVue.App.Scheduling;
using RetroVue.App.Scheduling.Yaml;
using RetroVue.App.Security;
using RetroVue.App.Sources;
using RetroVue.Domain.Library;
using RetroVue.Tests.Cli;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Streaming;

/// <summary>
/// The emulated HDHomeRun on a server whose operator requires the IPTV token, as Plex DVR and Jellyfin use it: found
/// by discovery or added by its address, then its lineup read and a channel streamed, all over real UDP and HTTP
/// against the real `retrovue serve` program.
/// </summary>
[Collection(StreamingCollection.Name)]
public sealed class TunerTokenTests(TokenProtectedServer server) : IClassFixture<TokenProtectedServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_tuner_found_by_hdhomerun_discovery_reads_its_lineup_and_streams_a_channel_with_the_token_in_every_url()
    {
        var tunerBase = $"{server.Server.BaseUrl}/t/{server.Token}";

        var reply = await DiscoverAsync(server.DiscoveryPort);
        var baseUrl = Text(reply, HdHomeRunPacket.TagBaseUrl);
        var lineupUrl = Text(reply, HdHomeRunPacket.TagLineupUrl);
        using var http = new HttpClient();
        using var lineup = JsonDocument.Parse(await http.GetStringAsync(lineupUrl));
        var streamUrl = lineup.RootElement.EnumerateArray().Single(c => c.GetProperty("GuideNumber").GetString() == TokenProtectedServer.Channel).GetProperty("URL").GetString()!;
        // Long enough that a loaded machine starting the channel cold still delivers more than a second of it.
        var recorded = await StreamingHarness.RecordUrlAsync(streamUrl, TimeSpan.FromSeconds(8));

        Assert.Equal(tunerBase, baseUrl);
        Assert.Equal($"{tunerBase}/lineup.json", lineupUrl);
        Assert.Equal($"{tunerBase}/iptv/channel/{TokenProtectedServer.Channel}.ts", streamUrl);
        var report = recorded.Analyze();
        Assert.True(report.VideoSeconds > 1, "the stream through the token path did not play: " + report);
        Assert.Equal("Token Shows", report.ServiceName);
    }

    [Fact]
    public async Task A_tuner_added_by_its_token_address_gets_discover_lineup_status_and_device_xml_naming_that_address_without_query_strings()
    {
        var tunerBase = $"{server.Server.BaseUrl}/t/{server.Token}";
        using var http = new HttpClient();

        using var discover = JsonDocument.Parse(await http.GetStringAsync($"{tunerBase}/discover.json"));
        using var lineup = JsonDocument.Parse(await http.GetStringAsync(discover.RootElement.GetProperty("LineupURL").GetString()));
        var status = await http.GetAsync($"{tunerBase}/lineup_status.json");
        var scan = await http.PostAsync($"{tunerBase}/lineup.post?scan=start&source=Cable", null);
        var device = XDocument.Parse(await http.GetStringAsync($"{tunerBase}/device.xml"));

        Assert.Equal(tunerBase, discover.RootElement.GetProperty("BaseURL").GetString());
        Assert.Equal($"{tunerBase}/lineup.json", discover.RootElement.GetProperty("LineupURL").GetString());
        var urls = lineup.RootElement.EnumerateArray().Select(c => c.GetProperty("URL").GetString()!).ToList();
        Assert.NotEmpty(urls);
        Assert.All(urls, url => Assert.StartsWith($"{tunerBase}/iptv/channel/", url, StringComparison.Ordinal));
        Assert.DoesNotContain(urls, url => url.Contains('?', StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal(HttpStatusCode.OK, scan.StatusCode);
        Assert.Equal(tunerBase, device.Root!.Element(XName.Get("URLBase", "urn:schemas-upnp-org:device-1-0"))!.Value);
    }

    [Fact]
    public async Task Tuner_urls_without_the_token_or_with_a_wrong_one_are_refused_the_token_path_opens_only_iptv_and_playlists_keep_the_query_token()
    {
        var host = server.Server.BaseUrl;
        using var http = new HttpClient();

        var refused = new List<(string Url, HttpStatusCode Status)>();
        foreach (var url in new[] { "/discover.json", "/lineup.json", $"/iptv/channel/{TokenProtectedServer.Channel}.ts", "/t/wrong/discover.json", "/t/wrong/lineup.json", $"/t/{server.Token}x/discover.json", $"/t/{server.Token.ToUpperInvariant()}/lineup.json" })
        {
            refused.Add((url, (await http.GetAsync(host + url, HttpCompletionOption.ResponseHeadersRead)).StatusCode));
        }

        var admin = await http.GetAsync($"{host}/t/{server.Token}/admin");
        var api = await http.GetAsync($"{host}/t/{server.Token}/api/channels");
        var playlist = await http.GetStringAsync($"{host}/iptv/channels.m3u?token={server.Token}");
        var guide = await http.GetAsync($"{host}/iptv/xmltv.xml?token={server.Token}");

        Assert.All(refused, r => Assert.True(r.Status == HttpStatusCode.Unauthorized, $"{r.Url} answered {r.Status}"));
        Assert.Equal(HttpStatusCode.NotFound, admin.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Contains($"{host}/iptv/channel/{TokenProtectedServer.Channel}.ts?token={server.Token}", playlist, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, guide.StatusCode);
    }

    [Fact]
    public async Task Ssdp_search_replies_and_announcements_give_the_device_xml_under_the_token_path_and_it_answers()
    {
        var tunerBase = $"{server.Server.BaseUrl}/t/{server.Token}";
        using var searcher = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var search = Encoding.ASCII.GetBytes("M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\nST: upnp:rootdevice\r\n\r\n");

        await searcher.SendAsync(search, new IPEndPoint(IPAddress.Loopback, server.SsdpPort));
        var reply = SsdpMessage.Parse(Encoding.ASCII.GetString((await searcher.ReceiveAsync().WaitAsync(Patience)).Buffer))!;
        var announcement = SsdpMessage.Parse(Encoding.ASCII.GetString((await server.Announcements.ReceiveAsync().WaitAsync(Patience)).Buffer))!;
        using var http = new HttpClient();
        var device = await http.GetAsync(reply.Header("LOCATION"));

        Assert.Equal($"{tunerBase}/device.xml", reply.Header("LOCATION"));
        Assert.Equal($"{tunerBase}/device.xml", announcement.Header("LOCATION"));
        Assert.Equal(HttpStatusCode.OK, device.StatusCode);
    }

    [Fact]
    public async Task The_server_log_never_shows_the_token_even_at_debug_level_after_tuners_used_it()
    {
        using var http = new HttpClient();
        await http.GetStringAsync($"{server.Server.BaseUrl}/t/{server.Token}/lineup.json");
        await http.GetAsync($"{server.Server.BaseUrl}/t/{server.Token}/iptv/channel/999.ts");
        await DiscoverAsync(server.DiscoveryPort);

        Assert.Contains("DBG", server.Server.Log, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Token, server.Server.Log, StringComparison.Ordinal);
    }

    /// <summary>Asks the tuner's discovery port, as Jellyfin's "detect" does, until it answers (it starts with the server).</summary>
    private static async Task<HdHomeRunPacket> DiscoverAsync(int port)
    {
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var request = new HdHomeRunPacket(
            HdHomeRunPacket.DiscoverRequest,
            [HdHomeRunPacket.UInt32Tag(HdHomeRunPacket.TagDeviceType, HdHomeRunPacket.DeviceTypeTuner), HdHomeRunPacket.UInt32Tag(HdHomeRunPacket.TagDeviceId, HdHomeRunPacket.Wildcard)]).Encode();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await client.SendAsync(request, new IPEndPoint(IPAddress.Loopback, port));
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                var reply = await client.ReceiveAsync(wait.Token);
                return HdHomeRunPacket.TryParse(reply.Buffer, out var problem) ?? throw new InvalidOperationException(problem);
            }
            catch (Exception e) when ((e is OperationCanceledException || e is SocketException) && waited.Elapsed < Patience)
            {
                await Task.Delay(200);
            }
        }
    }

    private static string Text(HdHomeRunPacket packet, byte tag) => Encoding.UTF8.GetString(packet.Values(tag).Single());
}

/// <summary>
/// A generated show ingested into a fresh database, one channel applied and built, the IPTV token required, and the
/// real server running over it with HDHomeRun discovery on a free loopback port.
/// </summary>
public sealed class TokenProtectedServer : IAsyncLifetime
{
    public const string Channel = "4";

    private ServiceProvider? _services;
    private RetroVueServer? _server;

    public TestMediaFolder Media { get; } = TestMedia.CreateFolder();
    public RetroVueServer Server => _server!;
    public string Token { get; private set; } = "";
    public int DiscoveryPort { get; private set; }
    public int SsdpPort { get; private set; }

    /// <summary>Where the server's SSDP NOTIFY announcements go (instead of the multicast group).</summary>
    public UdpClient Announcements { get; } = new(new IPEndPoint(IPAddress.Loopback, 0));

    public async Task InitializeAsync()
    {
        var shows = Path.Combine(Media.Path, "Shows");
        var season = Directory.CreateDirectory(Path.Combine(shows, "Token Show", "Season 01")).FullName;
        await Task.WhenAll(
            TestMedia.VideoAsync(Path.Combine(season, "Token Show - S01E01 - One.mp4"), seconds: 8, width: 640, height: 360),
            TestMedia.VideoAsync(Path.Combine(season, "Token Show - S01E02 - Two.mp4"), seconds: 8, width: 640, height: 360));

        var settings = new Dictionary<string, string?> { ["Playout:HorizonDays"] = "0.01" };
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddRetroVueApp(configuration)
            .AddRetroVueAdapters(configuration, connectionString)
            .BuildServiceProvider();
        await _services.GetRequiredService<SourceService>().AddFilesystemAsync("lib", shows, SourceContentKind.Shows, CancellationToken.None);
        await _services.GetRequiredService<IngestService>().IngestAsync("lib", null, CancellationToken.None);
        await _services.GetRequiredService<ChannelService>().ApplyAsync([new ScheduleSource("token.yaml", QuarterHourChannel.Yaml(Channel, "Token Shows", "Token Show"))], CancellationToken.None);
        await _services.GetRequiredService<PlayoutService>().BuildAsync(new PlayoutRequest(null, null, Reset: false), CancellationToken.None);
        Token = (await _services.GetRequiredService<IptvAccess>().SetTokenRequiredAsync(true, CancellationToken.None)).Token!;

        DiscoveryPort = FreeUdpPort();
        SsdpPort = FreeUdpPort();
        _server = await RetroVueServer.StartAsync(connectionString, new Dictionary<string, string>
        {
            ["Playout:HorizonDays"] = "0.01",
            ["Streaming:GraceSeconds"] = "2",
            ["Logging:Level"] = "Debug",
            ["Tuner:HdHomeRunDiscoveryEnabled"] = "true",
            ["Tuner:HdHomeRunDiscoveryBindAddress"] = "127.0.0.1",
            ["Tuner:HdHomeRunDiscoveryPort"] = DiscoveryPort.ToString(CultureInfo.InvariantCulture),
            ["Tuner:SsdpEnabled"] = "true",
            ["Tuner:SsdpBindAddress"] = "127.0.0.1",
            ["Tuner:SsdpPort"] = SsdpPort.ToString(CultureInfo.InvariantCulture),
            ["Tuner:SsdpNotifyDestination"] = Announcements.Client.LocalEndPoint!.ToString()!,
        });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        Media.Dispose();
        Announcements.Dispose();
    }

    private static int FreeUdpPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }
}
