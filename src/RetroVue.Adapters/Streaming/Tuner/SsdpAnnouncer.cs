using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetroVue.App.Common;

namespace RetroVue.Adapters.Streaming.Tuner;

/// <summary>
/// Announces the tuner with SSDP NOTIFY: ssdp:alive for each type it answers M-SEARCH for, at start and again
/// before control points forget it (max-age), and ssdp:byebye on shutdown, so clients that only listen (and do
/// not search) see it come and go.
/// </summary>
public sealed class SsdpAnnouncer(
    IOptions<TunerOptions> options,
    DeviceIdentity identity,
    TunerBaseUrl baseUrl,
    TunerHttpPort httpPort,
    TimeProvider time,
    ILogger<SsdpAnnouncer> logger)
    : BackgroundService
{
    /// <summary>Announcements repeat at a random point between these (well within max-age), so devices that started together do not announce in step.</summary>
    public static readonly TimeSpan ShortestInterval = TimeSpan.FromSeconds(SsdpAdvertisement.MaxAgeSeconds * 0.3);

    public static readonly TimeSpan LongestInterval = TimeSpan.FromSeconds(SsdpAdvertisement.MaxAgeSeconds * 0.4);

    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);

    // UPnP's recommended hop limit for SSDP multicast: the local network and a little beyond, never the internet.
    private const int MulticastTimeToLive = 2;

    private readonly TaskCompletionSource<IPEndPoint> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _sendFailureReported;

    /// <summary>The local endpoint announcements are sent from, once the socket is open.</summary>
    public Task<IPEndPoint> Bound => _bound.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.SsdpEnabled || !settings.SsdpNotifyEnabled)
        {
            _bound.TrySetCanceled(stoppingToken);
            return;
        }

        IPEndPoint destination;
        IPAddress bindAddress;
        string uuid;
        try
        {
            destination = IPEndPoint.Parse(settings.SsdpNotifyDestination);
            bindAddress = string.IsNullOrWhiteSpace(settings.SsdpBindAddress) ? IPAddress.Any : IPAddress.Parse(settings.SsdpBindAddress);
            uuid = SsdpAdvertisement.Uuid(identity.DeviceId);
        }
        catch (Exception e) when (e is FormatException or UserFacingException)
        {
            logger.LogWarning("SSDP announcements are off: {Problem} (Tuner:SsdpNotifyDestination is '{Destination}', Tuner:SsdpBindAddress '{BindAddress}').", e.Message, settings.SsdpNotifyDestination, settings.SsdpBindAddress);
            _bound.TrySetException(e);
            return;
        }

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(bindAddress, 0));
            if (IsMulticast(destination.Address))
            {
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, MulticastTimeToLive);
                if (!bindAddress.Equals(IPAddress.Any))
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, bindAddress.GetAddressBytes());
                }
            }
        }
        catch (SocketException e)
        {
            logger.LogWarning("SSDP announcements are off: cannot open a UDP socket on {Address} ({Problem}). M-SEARCH replies still work.", bindAddress, e.Message);
            _bound.TrySetException(e);
            return;
        }

        _bound.TrySetResult((IPEndPoint)socket.LocalEndPoint!);
        var announced = false;
        try
        {
            if (string.IsNullOrWhiteSpace(settings.AdvertisedBaseUrl))
            {
                // Without the HTTP port there is no LOCATION to give.
                await httpPort.Known.WaitAsync(stoppingToken);
            }

            while (true)
            {
                var localAddress = bindAddress.Equals(IPAddress.Any) ? TunerBaseUrl.LocalAddressFacing(destination) : bindAddress;
                string location;
                try
                {
                    location = SsdpAdvertisement.Location((await baseUrl.OnAsync(localAddress, stoppingToken))!);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The tuner path needs the IPTV settings; with the database away, try again soon rather than stop the server.
                    logger.LogWarning("SSDP announcement put off: {Problem}", e.Message);
                    await Task.Delay(RetryAfterFailure, time, stoppingToken);
                    continue;
                }

                Send(socket, destination, SsdpAdvertisement.Types(uuid).Select(type => Alive(destination, type, uuid, location)));
                announced = true;
                var interval = ShortestInterval + ((LongestInterval - ShortestInterval) * Random.Shared.NextDouble());
                await Task.Delay(interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: say goodbye below.
        }

        if (announced)
        {
            Send(socket, destination, SsdpAdvertisement.Types(uuid).Select(type => ByeBye(destination, type, uuid)));
        }
    }

    public static string Alive(IPEndPoint destination, string type, string uuid, string location) =>
        "NOTIFY * HTTP/1.1\r\n"
        + $"HOST: {destination}\r\n"
        + $"CACHE-CONTROL: max-age={SsdpAdvertisement.MaxAgeSeconds}\r\n"
        + $"LOCATION: {location}\r\n"
        + $"NT: {type}\r\n"
        + "NTS: ssdp:alive\r\n"
        + $"SERVER: {SsdpAdvertisement.Server}\r\n"
        + $"USN: {SsdpAdvertisement.Usn(type, uuid)}\r\n"
        + "\r\n";

    public static string ByeBye(IPEndPoint destination, string type, string uuid) =>
        "NOTIFY * HTTP/1.1\r\n"
        + $"HOST: {destination}\r\n"
        + $"NT: {type}\r\n"
        + "NTS: ssdp:byebye\r\n"
        + $"USN: {SsdpAdvertisement.Usn(type, uuid)}\r\n"
        + "\r\n";

    private static bool IsMulticast(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes()[0] is >= 224 and <= 239;

    private void Send(Socket socket, IPEndPoint destination, IEnumerable<string> messages)
    {
        foreach (var message in messages)
        {
            try
            {
                socket.SendTo(Encoding.ASCII.GetBytes(message), destination);
            }
            catch (SocketException e)
            {
                // Typical in a container without a multicast route: say so once, keep answering M-SEARCH, keep trying.
                if (!_sendFailureReported)
                {
                    _sendFailureReported = true;
                    logger.LogWarning("Cannot send SSDP announcements to {Destination} ({Problem}). Clients that search still find the tuner; this is not reported again.", destination, e.Message);
                }
                else
                {
                    logger.LogDebug("SSDP announcement to {Destination} failed: {Problem}", destination, e.Message);
                }
            }
        }
    }
}
