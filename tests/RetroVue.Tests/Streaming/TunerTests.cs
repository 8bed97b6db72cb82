using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.Adapters.Streaming.Tuner;
using RetroVue.App.Common;
using RetroVue.Domain.Scheduling;

namespace RetroVue.Tests.Streaming;

public sealed class TunerEndpointTests
{
    private static async Task<StreamingHarness> HarnessWithChannelsAsync()
    {
        var harness = await StreamingHarness.StartAsync(new Dictionary<string, string?> { ["Tuner:TunerCount"] = "6", ["Tuner:FriendlyName"] = "Den TV" });
        var start = DateTimeOffset.UtcNow;
        harness.AddChannel("12", "Twelve", StreamingHarness.SmallProfile, StreamingHarness.Timeline(start, [(null, 60)], loops: 1));
        harness.AddChannel("2.1", "Two One", StreamingHarness.SmallProfile, StreamingHarness.Timeline(start, [(null, 60)], loops: 1));
        return harness;
    }

    [Fact]
    public async Task Discover_json_describes_an_hdhomerun_with_a_stable_device_id_and_the_configured_tuner_count()
    {
        await using var harness = await HarnessWithChannelsAsync();
        using var http = new HttpClient();

        using var first = JsonDocument.Parse(await http.GetStringAsync($"{harness.BaseUrl}/discover.json"));
        using var again = JsonDocument.Parse(await http.GetStringAsync($"{harness.BaseUrl}/discover.json"));

        var root = first.RootElement;
        Assert.Equal("Den TV", root.GetProperty("FriendlyName").GetString());
        Assert.Equal("HDTC-2US", root.GetProperty("ModelNumber").GetString());
        Assert.Equal("hdhomeruntc_atsc", root.GetProperty("FirmwareName").GetString());
        Assert.Equal(6, root.GetProperty("TunerCount").GetInt32());
        Assert.Equal(harness.BaseUrl, root.GetProperty("BaseURL").GetString());
        Assert.Equal($"{harness.BaseUrl}/lineup.json", root.GetProperty("LineupURL").GetString());
        Assert.Matches("^[0-9A-F]{8}$", root.GetProperty("DeviceID").GetString());
        Assert.Equal(root.GetProperty("DeviceID").GetString(), again.RootElement.GetProperty("DeviceID").GetString());
        Assert.Equal(root.GetProperty("DeviceID").GetString(), (await File.ReadAllTextAsync(Path.Combine(harness.DataDirectory, DeviceIdentity.FileName))).Trim());
    }

    [Fact]
    public async Task The_lineup_lists_channels_by_number_with_stream_urls_without_query_strings()
    {
        await using var harness = await HarnessWithChannelsAsync();
        using var http = new HttpClient();

        using var lineup = JsonDocument.Parse(await http.GetStringAsync($"{harness.BaseUrl}/lineup.json"));

        var channels = lineup.RootElement.EnumerateArray().ToList();
        Assert.Equal(["2.1", "12"], channels.Select(c => c.GetProperty("GuideNumber").GetString()));
        Assert.Equal(["Two One", "Twelve"], channels.Select(c => c.GetProperty("GuideName").GetString()));
        Assert.Equal($"{harness.BaseUrl}/iptv/channel/2.1.ts", channels[0].GetProperty("URL").GetString());
        Assert.DoesNotContain(channels, c => c.GetProperty("URL").GetString()!.Contains('?', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lineup_status_and_device_xml_answer_as_a_tuner_does()
    {
        await using var harness = await HarnessWithChannelsAsync();
        using var http = new HttpClient();

        using var status = JsonDocument.Parse(await http.GetStringAsync($"{harness.BaseUrl}/lineup_status.json"));
        var device = XDocument.Parse(await http.GetStringAsync($"{harness.BaseUrl}/device.xml"));
        var scan = await http.PostAsync($"{harness.BaseUrl}/lineup.post?scan=start&source=Cable", null);

        Assert.Equal(0, status.RootElement.GetProperty("ScanInProgress").GetInt32());
        Assert.Equal(1, status.RootElement.GetProperty("ScanPossible").GetInt32());
        Assert.Equal("Cable", status.RootElement.GetProperty("Source").GetString());
        XNamespace ns = "urn:schemas-upnp-org:device-1-0";
        var deviceElement = device.Root!.Element(ns + "device")!;
        Assert.Equal("urn:schemas-upnp-org:device:MediaServer:1", deviceElement.Element(ns + "deviceType")!.Value);
        Assert.Equal("Den TV", deviceElement.Element(ns + "friendlyName")!.Value);
        Assert.StartsWith("uuid:", deviceElement.Element(ns + "UDN")!.Value, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, scan.StatusCode);
    }

    [Fact]
    public async Task Unknown_channels_and_malformed_numbers_get_clear_errors()
    {
        await using var harness = await HarnessWithChannelsAsync();
        using var http = new HttpClient();

        var missing = await http.GetAsync(harness.ChannelUrl("77"));
        var malformed = await http.GetAsync(harness.ChannelUrl("two"));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("There is no channel 77.", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("'two' is not a channel number", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, harness.Children.Started);
    }
}

public sealed class DeviceIdentityTests
{
    [Fact]
    public void The_device_id_is_made_once_and_read_back_by_later_instances()
    {
        var folder = Directory.CreateTempSubdirectory("rv-device-").FullName;
        try
        {
            var first = new DeviceIdentity(folder).DeviceId;
            var second = new DeviceIdentity(folder).DeviceId;

            Assert.Matches("^[0-9A-F]{8}$", first);
            Assert.Equal(first, second);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_damaged_id_file_is_reported_and_left_untouched()
    {
        var folder = Directory.CreateTempSubdirectory("rv-device-").FullName;
        try
        {
            var path = Path.Combine(folder, DeviceIdentity.FileName);
            File.WriteAllText(path, "not-an-id");

            var error = Assert.Throws<UserFacingException>(() => new DeviceIdentity(folder).DeviceId);

            Assert.Contains("not 8 hexadecimal digits", error.Message, StringComparison.Ordinal);
            Assert.Equal("not-an-id", File.ReadAllText(path));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>SSDP is tested on loopback only: the M-SEARCH goes to the responder's own unicast socket.</summary>
public sealed class SsdpResponderTests
{
    [Fact]
    public async Task An_m_search_on_loopback_is_answered_with_the_device_xml_location()
    {
        await using var harness = await StreamingHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Tuner:SsdpEnabled"] = "true",
            ["Tuner:SsdpBindAddress"] = "127.0.0.1",
            ["Tuner:SsdpPort"] = "0",
        });
        var responder = harness.Services.GetRequiredService<SsdpResponder>();
        var endpoint = await responder.Bound.WaitAsync(TimeSpan.FromSeconds(10));
        var deviceId = harness.Services.GetRequiredService<DeviceIdentity>().DeviceId;
        var port = new Uri(harness.BaseUrl).Port;
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var search = "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\nST: urn:schemas-upnp-org:device:MediaServer:1\r\n\r\n";

        await client.SendAsync(Encoding.ASCII.GetBytes(search), endpoint);
        var reply = await client.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var text = Encoding.ASCII.GetString(reply.Buffer);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", text, StringComparison.Ordinal);
        Assert.Contains($"LOCATION: http://127.0.0.1:{port}/device.xml\r\n", text, StringComparison.Ordinal);
        Assert.Contains($"USN: uuid:{deviceId}::urn:schemas-upnp-org:device:MediaServer:1\r\n", text, StringComparison.Ordinal);
        using var http = new HttpClient();
        Assert.Contains(deviceId, await http.GetStringAsync($"http://127.0.0.1:{port}/device.xml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Searches_for_other_devices_and_other_messages_get_no_answer()
    {
        await using var harness = await StreamingHarness.StartAsync();
        var responder = harness.Services.GetRequiredService<SsdpResponder>();
        harness.Services.GetRequiredService<TunerHttpPort>().Set(8080);
        var sender = new IPEndPoint(IPAddress.Loopback, 50000);

        Assert.Empty(await responder.RepliesAsync("M-SEARCH * HTTP/1.1\r\nMAN: \"ssdp:discover\"\r\nST: urn:dial-multiscreen-org:service:dial:1\r\n\r\n", sender, CancellationToken.None));
        Assert.Empty(await responder.RepliesAsync("NOTIFY * HTTP/1.1\r\nNT: upnp:rootdevice\r\n\r\n", sender, CancellationToken.None));
        Assert.Empty(await responder.RepliesAsync("M-SEARCH * HTTP/1.1\r\nST: ssdp:all\r\n\r\n", sender, CancellationToken.None));
        Assert.Equal(3, (await responder.RepliesAsync("M-SEARCH * HTTP/1.1\r\nMAN: \"ssdp:discover\"\r\nST: ssdp:all\r\n\r\n", sender, CancellationToken.None)).Count);
        Assert.Empty(await responder.RepliesAsync("garbage", sender, CancellationToken.None));
    }
}
