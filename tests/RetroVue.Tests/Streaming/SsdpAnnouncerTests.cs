using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetroVue.Adapters.Streaming.Tuner;
using RetroVue.App.Streaming;
using RetroVue.Tests.Plex.Support;

namespace RetroVue.Tests.Streaming;

/// <summary>
/// The announcer's destination is a UDP socket of the test's on 127.0.0.1 instead of the multicast group, so every
/// NOTIFY it sends is seen, and its timing runs on a clock the test moves.
/// </summary>
public sealed class SsdpAnnouncerTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("rv-ssdp-").FullName;
    private readonly TimerClock _clock = new(new DateTimeOffset(2025, 1, 6, 6, 0, 0, TimeSpan.Zero));
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;
    private readonly TunerHttpPort _httpPort = new();
    private readonly UdpClient _listener = new(new IPEndPoint(IPAddress.Loopback, 0));

    public SsdpAnnouncerTests()
    {
        _loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
    }

    private string DeviceId => new DeviceIdentity(_dataDirectory).DeviceId;

    public void Dispose()
    {
        _listener.Dispose();
        _loggerFactory.Dispose();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Alive_is_announced_at_start_for_every_type_the_tuner_answers_and_again_before_max_age()
    {
        _httpPort.Set(8080);
        var announcer = Announcer((IPEndPoint)_listener.Client.LocalEndPoint!);

        await announcer.StartAsync(CancellationToken.None);
        var first = await ReceiveAsync(3);
        await _clock.WaitForTimersCreatedAsync(1, Patience);
        var quietBeforeTheShortestInterval = Quiet(() => _clock.Advance(SsdpAnnouncer.ShortestInterval - TimeSpan.FromSeconds(1)));
        _clock.Advance(SsdpAnnouncer.LongestInterval - SsdpAnnouncer.ShortestInterval + TimeSpan.FromSeconds(1));
        var second = await ReceiveAsync(3);
        await announcer.StopAsync(CancellationToken.None);

        var uuid = $"uuid:{DeviceId}";
        foreach (var round in new[] { first, second })
        {
            Assert.All(round, message =>
            {
                Assert.Equal("NOTIFY * HTTP/1.1", message.StartLine);
                Assert.Equal(_listener.Client.LocalEndPoint!.ToString(), message.Header("HOST"));
                Assert.Equal("max-age=1800", message.Header("CACHE-CONTROL"));
                Assert.Equal("http://127.0.0.1:8080/device.xml", message.Header("LOCATION"));
                Assert.Equal("ssdp:alive", message.Header("NTS"));
                Assert.Contains("UPnP/1.0", message.Header("SERVER"), StringComparison.Ordinal);
            });
            Assert.Equal(["upnp:rootdevice", uuid, "urn:schemas-upnp-org:device:MediaServer:1"], round.Select(m => m.Header("NT")));
            Assert.Equal([$"{uuid}::upnp:rootdevice", uuid, $"{uuid}::urn:schemas-upnp-org:device:MediaServer:1"], round.Select(m => m.Header("USN")));
        }

        Assert.True(quietBeforeTheShortestInterval);
        Assert.True(SsdpAnnouncer.LongestInterval < TimeSpan.FromSeconds(1800 / 2));
    }

    [Fact]
    public async Task Stopping_says_byebye_for_every_type_and_closes_the_socket()
    {
        _httpPort.Set(8080);
        var announcer = Announcer((IPEndPoint)_listener.Client.LocalEndPoint!);
        await announcer.StartAsync(CancellationToken.None);
        var source = await announcer.Bound.WaitAsync(Patience);
        await ReceiveAsync(3);

        await announcer.StopAsync(CancellationToken.None);
        var goodbyes = await ReceiveAsync(3);

        var uuid = $"uuid:{DeviceId}";
        Assert.All(goodbyes, message =>
        {
            Assert.Equal("NOTIFY * HTTP/1.1", message.StartLine);
            Assert.Equal("ssdp:byebye", message.Header("NTS"));
            Assert.Null(message.Header("LOCATION"));
        });
        Assert.Equal(["upnp:rootdevice", uuid, "urn:schemas-upnp-org:device:MediaServer:1"], goodbyes.Select(m => m.Header("NT")));
        Assert.Equal(uuid, goodbyes[1].Header("USN"));
        Assert.True(announcer.ExecuteTask!.IsCompletedSuccessfully);

        // The announcer's port is free again: its socket is closed.
        using var rebound = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        rebound.Bind(source);
    }

    [Fact]
    public async Task Nothing_is_announced_before_the_http_port_is_known()
    {
        var announcer = Announcer((IPEndPoint)_listener.Client.LocalEndPoint!);
        await announcer.StartAsync(CancellationToken.None);
        await announcer.Bound.WaitAsync(Patience);
        await Task.Delay(200);
        var quietWithoutPort = _listener.Available == 0;

        _httpPort.Set(5004);
        var alive = await ReceiveAsync(3);
        await announcer.StopAsync(CancellationToken.None);

        Assert.True(quietWithoutPort);
        Assert.All(alive, message => Assert.Equal("http://127.0.0.1:5004/device.xml", message.Header("LOCATION")));
    }

    [Fact]
    public async Task A_destination_that_cannot_be_reached_is_reported_once_and_the_announcer_keeps_going()
    {
        _httpPort.Set(8080);

        // Sending to the broadcast address without SO_BROADCAST fails the way a missing multicast route does: at once.
        var announcer = Announcer(new IPEndPoint(IPAddress.Broadcast, 9));
        await announcer.StartAsync(CancellationToken.None);
        await _clock.WaitForTimersCreatedAsync(1, Patience);
        _clock.Advance(SsdpAnnouncer.LongestInterval);
        await _clock.WaitForTimersCreatedAsync(2, Patience);
        var runningAfterTwoRounds = !announcer.ExecuteTask!.IsCompleted;
        await announcer.StopAsync(CancellationToken.None);

        Assert.True(runningAfterTwoRounds);
        Assert.True(announcer.ExecuteTask.IsCompletedSuccessfully);
        var warnings = _logs.Lines.Where(line => line.StartsWith("Warning", StringComparison.Ordinal)).ToList();
        Assert.Single(warnings);
        Assert.Contains("Cannot send SSDP announcements to 255.255.255.255:9", warnings[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Announcements_can_be_turned_off_alone_or_with_ssdp()
    {
        _httpPort.Set(8080);
        var destination = (IPEndPoint)_listener.Client.LocalEndPoint!;
        var withoutNotify = Announcer(destination, o => o.SsdpNotifyEnabled = false);
        var withoutSsdp = Announcer(destination, o => o.SsdpEnabled = false);

        await withoutNotify.StartAsync(CancellationToken.None);
        await withoutSsdp.StartAsync(CancellationToken.None);
        await Task.WhenAll(withoutNotify.ExecuteTask!, withoutSsdp.ExecuteTask!).WaitAsync(Patience);
        await withoutNotify.StopAsync(CancellationToken.None);
        await withoutSsdp.StopAsync(CancellationToken.None);

        Assert.True(withoutNotify.Bound.IsCanceled);
        Assert.True(withoutSsdp.Bound.IsCanceled);
        Assert.Equal(0, _listener.Available);
    }

    [Fact]
    public async Task A_malformed_destination_turns_announcements_off_with_a_warning_naming_it()
    {
        var announcer = Announcer(new IPEndPoint(IPAddress.Loopback, 9), o => o.SsdpNotifyDestination = "multicast-please");

        await announcer.StartAsync(CancellationToken.None);
        await announcer.ExecuteTask!.WaitAsync(Patience);
        await announcer.StopAsync(CancellationToken.None);

        await Assert.ThrowsAsync<FormatException>(() => announcer.Bound);
        Assert.True(announcer.ExecuteTask.IsCompletedSuccessfully);
        Assert.Contains(_logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("SSDP announcements are off", StringComparison.Ordinal));
    }

    private SsdpAnnouncer Announcer(IPEndPoint destination, Action<TunerOptions>? configure = null)
    {
        var settings = new TunerOptions { SsdpBindAddress = "127.0.0.1", SsdpNotifyDestination = destination.ToString() };
        configure?.Invoke(settings);
        var options = Options.Create(settings);
        return new SsdpAnnouncer(
            options,
            new DeviceIdentity(_dataDirectory),
            new TunerBaseUrl(options, _httpPort, new OpenTunerPath()),
            _httpPort,
            _clock,
            _loggerFactory.CreateLogger<SsdpAnnouncer>());
    }

    /// <summary>Runs <paramref name="action"/> and tells whether no datagram arrived because of it.</summary>
    private bool Quiet(Action action)
    {
        action();

        // Loopback delivery is synchronous: a NOTIFY sent by now is already waiting.
        return _listener.Available == 0;
    }

    private async Task<List<SsdpMessage>> ReceiveAsync(int count)
    {
        var messages = new List<SsdpMessage>();
        while (messages.Count < count)
        {
            var datagram = await _listener.ReceiveAsync().WaitAsync(Patience);
            messages.Add(SsdpMessage.Parse(Encoding.ASCII.GetString(datagram.Buffer))!);
        }

        return messages;
    }
}
