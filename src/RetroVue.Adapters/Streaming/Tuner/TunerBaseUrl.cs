using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace RetroVue.Adapters.Streaming.Tuner;

/// <summary>
/// The base URL (http://host:port, no trailing slash) that discovery protocols advertise: the configured
/// Tuner:AdvertisedBaseUrl, else the local address a client reaches this machine at, with the HTTP port.
/// </summary>
public sealed class TunerBaseUrl(IOptions<TunerOptions> options, TunerHttpPort httpPort)
{
    /// <summary>The base URL for a client at <paramref name="client"/>; null until the HTTP port is known.</summary>
    public string? Facing(IPEndPoint client) => Configured() ?? From(LocalAddressFacing(client));

    /// <summary>The base URL on a given local address; null until the HTTP port is known.</summary>
    public string? On(IPAddress localAddress) => Configured() ?? From(localAddress);

    /// <summary>The local address the kernel would use to reach <paramref name="remote"/>: "connecting" a UDP socket sends nothing.</summary>
    public static IPAddress LocalAddressFacing(IPEndPoint remote)
    {
        try
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(remote);
            return ((IPEndPoint)probe.LocalEndPoint!).Address;
        }
        catch (SocketException)
        {
            return IPAddress.Loopback;
        }
    }

    private string? Configured()
    {
        var configured = options.Value.AdvertisedBaseUrl;
        return string.IsNullOrWhiteSpace(configured) ? null : configured.Trim().TrimEnd('/');
    }

    private string? From(IPAddress address) =>
        httpPort.Port is { } port ? string.Create(CultureInfo.InvariantCulture, $"http://{address}:{port}") : null;
}
