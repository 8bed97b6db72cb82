using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetroVue.Adapters;
using RetroVue.Adapters.Processes;
using RetroVue.Adapters.Streaming.Tuner;
using RetroVue.App;
using RetroVue.App.Security;
using RetroVue.App.Streaming;
using RetroVue.Tests.Cli;
using RetroVue.Tests.Plex.Support;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Streaming;

/// <summary>The HDHomeRun discovery protocol, spoken over real UDP on 127.0.0.1 with hand-built request frames.</summary>
public sealed class HdHomeRunDiscoveryTests
{
    private const uint Wildcard = 0xFFFFFFFF;
    private const uint Tuner = 0x00000001;
    private const uint Storage = 0x00000005;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_wildcard_request_is_answered_with_the_discover_json_id_the_tuner_count_and_the_urls()
    {
        await using var harness = await StartAsync();
        var responder = await harness.Services.GetRequiredService<HdHomeRunDiscoveryResponder>().Bound.WaitAsync(Patience);
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var http = new HttpClient();
        using var discover = JsonDocument.Parse(await http.GetStringAsync($"{harness.BaseUrl}/discover.json"));

        // What Jellyfin's "detect" broadcasts: any device type, any device id.
        await client.SendAsync(Request((0x01, Wildcard), (0x02, Wildcard)), responder);
        var reply = (await client.ReceiveAsync().WaitAsync(Patience)).Buffer;

        Assert.Equal(Crc32.Compute(reply.AsSpan(0, reply.Length - 4)), BinaryPrimitives.ReadUInt32LittleEndian(reply.AsSpan(reply.Length - 4)));
        Assert.Equal(0x0003, BinaryPrimitives.ReadUInt16BigEndian(reply));
        Assert.Equal(reply.Length - 8, BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(2)));
        var packet = HdHomeRunPacket.TryParse(reply, out var problem);
        Assert.True(packet is not null, problem);
        var deviceId = discover.RootElement.GetProperty("DeviceID").GetString()!;
        Assert.Equal(Tuner, UInt32(packet, 0x01));
        Assert.Equal(deviceId, UInt32(packet, 0x02).ToString("X8", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal([6], packet.Values(0x10).Single());
        Assert.Equal(harness.BaseUrl, Text(packet, 0x2A));
        Assert.Equal($"{harness.BaseUrl}/lineup.json", Text(packet, 0x27));
        Assert.Equal(discover.RootElement.GetProperty("LineupURL").GetString(), Text(packet, 0x27));
        Assert.Equal(discover.RootElement.GetProperty("DeviceAuth").GetString(), Text(packet, 0x2B));
        Assert.True(HdHomeRunDeviceId.HasValidCheckDigit(UInt32(packet, 0x02)));
    }

    /// <summary>
    /// SiliconDust's own client (hdhomerun_config of libhdhomerun 20220303, Debian package hdhomerun-config) sends its
    /// discover request to UDP 65001 only: no option or environment variable moves it ("127.0.0.1:40000" still goes to
    /// 65001), and it speaks the HDHomeRun protocol, not HTTP, printing the device id and address, never the base URL.
    /// A RetroVue or HDHomeRun app running on this machine holds 65001, so the real server runs in a network namespace
    /// of its own, where 65001 is free, with the IPTV token required, and hdhomerun_config runs in that namespace (the
    /// base URL with the token is checked by <see cref="TunerTokenTests"/>, over a free port). Where the kernel refuses
    /// namespaces, the responder binds 127.0.0.1:65001 in this process as before, and that port must be free.
    /// </summary>
    [Fact]
    public async Task The_hdhomerun_config_tool_finds_the_tuner_by_its_id_also_with_the_iptv_token_required()
    {
        if (await PrivateNetwork.WhyUnavailableAsync() is { } why)
        {
            Console.Error.WriteLine($"No private network namespace ({why}): hdhomerun_config needs UDP 65001 free on this machine.");
            await FindWithHdHomeRunConfigOnThisMachineAsync();
            return;
        }

        var database = await TestPostgres.CreateDatabaseAsync();
        var configuration = new ConfigurationBuilder().Build();
        await using (var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddRetroVueApp(configuration).AddRetroVueAdapters(configuration, database).BuildServiceProvider())
        {
            await services.GetRequiredService<IptvAccess>().SetTokenRequiredAsync(true, CancellationToken.None);
        }

        await using var server = await RetroVueServer.StartAsync(
            database,
            new Dictionary<string, string>
            {
                ["Tuner:HdHomeRunDiscoveryEnabled"] = "true",
                ["Tuner:HdHomeRunDiscoveryBindAddress"] = "127.0.0.1",
                ["Tuner:HdHomeRunDiscoveryPort"] = "65001",
            },
            privateNetwork: true);

        // The responder binds a moment after the server announces its address: ask again until it answers.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var result = await PrivateNetwork.RunInsideAsync(server.ProcessId, "hdhomerun_config", ["discover", "127.0.0.1"], TimeSpan.FromSeconds(20));
        while (result.ExitCode != 0 && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(500);
            result = await PrivateNetwork.RunInsideAsync(server.ProcessId, "hdhomerun_config", ["discover", "127.0.0.1"], TimeSpan.FromSeconds(20));
        }

        var deviceId = (await File.ReadAllTextAsync(Path.Combine(server.DataDirectory, DeviceIdentity.FileName))).Trim();
        Assert.True(result.ExitCode == 0, $"{result.StandardOutput}{result.StandardError}\n{server.Log}");
        Assert.Contains($"hdhomerun device {deviceId} found at 127.0.0.1", result.StandardOutput, StringComparison.Ordinal);
    }

    private static async Task FindWithHdHomeRunConfigOnThisMachineAsync()
    {
        await using var harness = await StartAsync(65001);
        await harness.Services.GetRequiredService<HdHomeRunDiscoveryResponder>().Bound.WaitAsync(Patience);

        var result = await ProcessRunner.RunAsync("hdhomerun_config", ["discover", "127.0.0.1"], TimeSpan.FromSeconds(20));

        var deviceId = harness.Services.GetRequiredService<DeviceIdentity>().DeviceId;
        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains($"hdhomerun device {deviceId} found at 127.0.0.1", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_for_a_tuner_by_its_id_by_a_list_of_types_or_without_an_id_are_answered()
    {
        await using var harness = await StartAsync();
        var responder = await harness.Services.GetRequiredService<HdHomeRunDiscoveryResponder>().Bound.WaitAsync(Patience);
        var deviceId = harness.Services.GetRequiredService<DeviceIdentity>().Number;
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        var requests = new[]
        {
            Request((0x01, Tuner), (0x02, deviceId)),
            Request((0x01, Tuner)),
            RequestWithTypeList([Storage, Tuner]),
        };
        var ids = new List<uint>();
        foreach (var request in requests)
        {
            await client.SendAsync(request, responder);
            var reply = HdHomeRunPacket.TryParse((await client.ReceiveAsync().WaitAsync(Patience)).Buffer, out _)!;
            ids.Add(UInt32(reply, 0x02));
        }

        Assert.Equal([deviceId, deviceId, deviceId], ids);
    }

    [Fact]
    public async Task Bad_crcs_other_devices_and_truncated_packets_get_no_reply_and_the_responder_keeps_answering()
    {
        await using var harness = await StartAsync();
        var service = harness.Services.GetRequiredService<HdHomeRunDiscoveryResponder>();
        var responder = await service.Bound.WaitAsync(Patience);
        var deviceId = harness.Services.GetRequiredService<DeviceIdentity>().Number;
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var valid = Request((0x01, Tuner), (0x02, Wildcard));
        var badCrc = valid.ToArray();
        badCrc[^1] ^= 0x01;
        var reply = valid.ToArray();
        reply[1] = 0x03;
        BinaryPrimitives.WriteUInt32LittleEndian(reply.AsSpan(reply.Length - 4), Crc32.Compute(reply.AsSpan(0, reply.Length - 4)));

        var ignored = new[]
        {
            badCrc,
            Request((0x01, Tuner), (0x02, deviceId ^ 0x10)),
            Request((0x01, Storage), (0x02, Wildcard)),
            valid[..^3],
            valid[..10],
            [0x00, 0x02],
            reply,
            TagRunningPastTheEnd(),
        };
        foreach (var datagram in ignored)
        {
            await client.SendAsync(datagram, responder);
        }

        await WaitUntilAsync(() => service.IgnoredPackets == ignored.Length);
        var nothingAnswered = client.Available == 0;
        await client.SendAsync(valid, responder);
        var answer = (await client.ReceiveAsync().WaitAsync(Patience)).Buffer;
        await Task.Delay(200);

        Assert.True(nothingAnswered);
        Assert.Equal(ignored.Length, service.IgnoredPackets);
        Assert.Equal(deviceId, UInt32(HdHomeRunPacket.TryParse(answer, out _)!, 0x02));
        Assert.Equal(0, client.Available);
    }

    [Fact]
    public async Task A_port_in_use_turns_discovery_off_with_a_warning_and_the_server_keeps_running()
    {
        using var squatter = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)squatter.Client.LocalEndPoint!).Port;
        using var logs = new CapturingLoggerProvider();

        await using var harness = await StartAsync(port, logs);
        var bound = harness.Services.GetRequiredService<HdHomeRunDiscoveryResponder>().Bound;
        await Assert.ThrowsAsync<SocketException>(() => bound.WaitAsync(Patience));
        using var http = new HttpClient();
        var discover = await http.GetAsync($"{harness.BaseUrl}/discover.json");

        Assert.Equal(HttpStatusCode.OK, discover.StatusCode);
        Assert.Contains(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains($"HDHomeRun discovery is off: cannot listen on UDP {port}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_old_id_without_the_check_digit_is_kept_and_reported()
    {
        var folder = Directory.CreateTempSubdirectory("rv-hdhr-").FullName;
        try
        {
            Assert.False(HdHomeRunDeviceId.HasValidCheckDigit(0x12345678));
            await File.WriteAllTextAsync(Path.Combine(folder, DeviceIdentity.FileName), "12345678\n");
            using var logs = new CapturingLoggerProvider();
            using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(logs));
            var options = Options.Create(new TunerOptions { HdHomeRunDiscoveryBindAddress = "127.0.0.1", HdHomeRunDiscoveryPort = 0, AdvertisedBaseUrl = "http://192.168.1.5:8080/" });
            var service = new HdHomeRunDiscoveryResponder(options, new DeviceIdentity(folder), new TunerBaseUrl(options, new TunerHttpPort(), new OpenTunerPath()), loggerFactory.CreateLogger<HdHomeRunDiscoveryResponder>());

            await service.StartAsync(CancellationToken.None);
            var endpoint = await service.Bound.WaitAsync(Patience);
            using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            await client.SendAsync(Request((0x01, Wildcard), (0x02, 0x12345678)), endpoint);
            var reply = HdHomeRunPacket.TryParse((await client.ReceiveAsync().WaitAsync(Patience)).Buffer, out _)!;
            await service.StopAsync(CancellationToken.None);

            Assert.Equal(0x12345678u, UInt32(reply, 0x02));
            Assert.Equal("http://192.168.1.5:8080", Text(reply, 0x2A));
            Assert.Equal("12345678", (await File.ReadAllTextAsync(Path.Combine(folder, DeviceIdentity.FileName))).Trim());
            Assert.Contains(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("lacks the HDHomeRun check digit", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void New_device_ids_carry_the_hdhomerun_check_digit_that_catches_typos()
    {
        var folder = Directory.CreateTempSubdirectory("rv-hdhr-").FullName;
        try
        {
            var ids = Enumerable.Range(0, 16).Select(i =>
            {
                var instance = Directory.CreateDirectory(Path.Combine(folder, i.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
                return new DeviceIdentity(instance).Number;
            }).ToList();

            Assert.All(ids, id => Assert.True(HdHomeRunDeviceId.HasValidCheckDigit(id), id.ToString("X8", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.True(ids.Distinct().Count() > 1);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        // A real-looking id, one digit changed, and two digits swapped.
        Assert.True(HdHomeRunDeviceId.HasValidCheckDigit(0x105A1B22));
        Assert.False(HdHomeRunDeviceId.HasValidCheckDigit(0x105A1B23));
        Assert.False(HdHomeRunDeviceId.HasValidCheckDigit(0x150A1B22));
        Assert.Equal(0x105A1B22u, HdHomeRunDeviceId.WithCheckDigit(0x105A1B2F));
    }

    [Fact]
    public void The_crc_is_the_ethernet_crc32_and_long_values_take_a_two_byte_length()
    {
        var longValue = Enumerable.Range(0, 200).Select(i => (byte)i).ToArray();

        var frame = new HdHomeRunPacket(0x0003, [new HdHomeRunTag(0x2A, longValue), new HdHomeRunTag(0x10, [4])]).Encode();
        var parsed = HdHomeRunPacket.TryParse(frame, out var problem);

        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal([0x2A, 0x80 | (200 & 0x7F), 200 >> 7], frame[4..7]);
        Assert.Equal(4 + 3 + 200 + 2 + 1 + 4, frame.Length);
        Assert.True(parsed is not null, problem);
        Assert.Equal(longValue, parsed.Values(0x2A).Single());
        Assert.Equal([4], parsed.Values(0x10).Single());
    }

    private static Task<StreamingHarness> StartAsync(int port = 0, ILoggerProvider? logs = null) =>
        StreamingHarness.StartAsync(
            new Dictionary<string, string?>
            {
                ["Tuner:TunerCount"] = "6",
                ["Tuner:HdHomeRunDiscoveryEnabled"] = "true",
                ["Tuner:HdHomeRunDiscoveryBindAddress"] = "127.0.0.1",
                ["Tuner:HdHomeRunDiscoveryPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            logs);

    /// <summary>A discover request frame built byte by byte: type 2, payload length, 4-byte TLVs, CRC little-endian.</summary>
    private static byte[] Request(params (byte Tag, uint Value)[] tags)
    {
        var frame = new List<byte> { 0x00, 0x02, 0x00, (byte)(tags.Length * 6) };
        foreach (var (tag, value) in tags)
        {
            frame.AddRange([tag, 4, (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
        }

        return WithCrc(frame);
    }

    /// <summary>A request whose one tag (0x2D) lists several device types, as newer clients send.</summary>
    private static byte[] RequestWithTypeList(uint[] types)
    {
        var frame = new List<byte> { 0x00, 0x02, 0x00, (byte)(2 + (types.Length * 4)), 0x2D, (byte)(types.Length * 4) };
        foreach (var type in types)
        {
            frame.AddRange([(byte)(type >> 24), (byte)(type >> 16), (byte)(type >> 8), (byte)type]);
        }

        return WithCrc(frame);
    }

    /// <summary>A frame with a valid CRC whose only tag claims 20 bytes of value but carries 4.</summary>
    private static byte[] TagRunningPastTheEnd() => WithCrc([0x00, 0x02, 0x00, 0x06, 0x01, 20, 0xFF, 0xFF, 0xFF, 0xFF]);

    private static byte[] WithCrc(List<byte> frame)
    {
        var crc = Crc32.Compute(frame.ToArray());
        frame.AddRange([(byte)crc, (byte)(crc >> 8), (byte)(crc >> 16), (byte)(crc >> 24)]);
        return frame.ToArray();
    }

    private static uint UInt32(HdHomeRunPacket packet, byte tag) => BinaryPrimitives.ReadUInt32BigEndian(packet.Values(tag).Single());

    private static string Text(HdHomeRunPacket packet, byte tag) => Encoding.UTF8.GetString(packet.Values(tag).Single());

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not come true in time.");
            }

            await Task.Delay(10);
        }
    }
}
