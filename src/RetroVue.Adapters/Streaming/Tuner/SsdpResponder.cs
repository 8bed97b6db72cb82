using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RetroVue.Adapters.Streaming.Tuner;

/// <summary>
/// Answers SSDP M-SEARCH requests (UPnP discovery) for the emulated tuner, so Plex and others find it without
/// an address typed by hand. The unsolicited announcements are <see cref="SsdpAnnouncer"/>'s job.
/// </summary>
public sealed class SsdpResponder(IOptions<TunerOptions> options, DeviceIdentity identity, TunerBaseUrl baseUrl, ILogger<SsdpResponder> logger)
    : BackgroundService
{
    public const string RootDevice = SsdpAdvertisement.RootDevice;
    public const string MediaServer = SsdpAdvertisement.MediaServer;
    private static readonly IPAddress MulticastGroup = IPAddress.Parse("239.255.255.250");

    private readonly TaskCompletionSource<IPEndPoint> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Where the responder listens, once it does (tests send their M-SEARCH here).</summary>
    public Task<IPEndPoint> Bound => _bound.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.SsdpEnabled)
        {
            _bound.TrySetCanceled(stoppingToken);
            return;
        }

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            var address = string.IsNullOrWhiteSpace(settings.SsdpBindAddress) ? IPAddress.Any : IPAddress.Parse(settings.SsdpBindAddress);
            socket.Bind(new IPEndPoint(address, settings.SsdpPort));
            if (address.Equals(IPAddress.Any))
            {
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(MulticastGroup, IPAddress.Any));
            }
        }
        catch (Exception e) when (e is SocketException or FormatException)
        {
            logger.LogWarning("SSDP discovery is off: cannot listen on UDP {Port} ({Problem}). Clients can still add the tuner by address.", settings.SsdpPort, e.Message);
            _bound.TrySetException(e);
            return;
        }

        _bound.TrySetResult((IPEndPoint)socket.LocalEndPoint!);
        await UdpAnswerLoop.RunAsync(
            socket,
            2048,
            async (datagram, sender, cancellationToken) =>
                (await RepliesAsync(Encoding.ASCII.GetString(datagram.Span), sender, cancellationToken)).Select(Encoding.ASCII.GetBytes).ToList(),
            logger,
            "SSDP",
            stoppingToken);
    }

    /// <summary>The answers to one datagram: none unless it is an M-SEARCH for something this tuner is.</summary>
    public async Task<IReadOnlyList<string>> RepliesAsync(string request, IPEndPoint sender, CancellationToken cancellationToken)
    {
        var message = SsdpMessage.Parse(request);
        if (message is null || !message.IsSearch || !string.Equals(message.Header("MAN"), "\"ssdp:discover\"", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        if (await baseUrl.FacingAsync(sender, cancellationToken) is not { } url)
        {
            return [];
        }

        var location = SsdpAdvertisement.Location(url);
        var uuid = SsdpAdvertisement.Uuid(identity.DeviceId);
        var target = message.Header("ST") ?? string.Empty;
        IReadOnlyList<string> targets = target switch
        {
            "ssdp:all" => SsdpAdvertisement.Types(uuid),
            RootDevice or MediaServer => [target],
            _ when string.Equals(target, uuid, StringComparison.OrdinalIgnoreCase) => [uuid],
            _ => [],
        };
        return targets.Select(st => Reply(st, uuid, location)).ToList();
    }

    private static string Reply(string searchTarget, string uuid, string location) =>
        "HTTP/1.1 200 OK\r\n"
        + $"CACHE-CONTROL: max-age={SsdpAdvertisement.MaxAgeSeconds}\r\n"
        + "EXT:\r\n"
        + $"LOCATION: {location}\r\n"
        + $"SERVER: {SsdpAdvertisement.Server}\r\n"
        + $"ST: {searchTarget}\r\n"
        + $"USN: {SsdpAdvertisement.Usn(searchTarget, uuid)}\r\n"
        + "\r\n";
}

/// <summary>An SSDP datagram: an HTTP-like start line and headers.</summary>
public sealed record SsdpMessage(string StartLine, IReadOnlyDictionary<string, string> Headers)
{
    public bool IsSearch => StartLine.StartsWith("M-SEARCH ", StringComparison.OrdinalIgnoreCase);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public static SsdpMessage? Parse(string text)
    {
        var lines = text.Split("\n").Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count == 0 || lines[0].Length == 0)
        {
            return null;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return new SsdpMessage(lines[0], headers);
    }
}
