using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using RetroVue.App.Streaming;

namespace RetroVue.Adapters.Streaming.Tuner;

/// <summary>
/// The base URL (http://host:port, no trailing slash) that discovery protocols advertise: the configured
/// Tuner:AdvertisedBaseUrl, else the local address a client reaches this machine at, with the HTTP port; followed
/// by the tuner path (/t/{token}) when IPTV requires a token, so a discovered tuner can read what it finds.
/// </summary>
public sealed class TunerBaseUrl(IOptions<TunerOptions> options, TunerHttpPort httpPort, ITunerPathPrefix pathPrefix)
{
    /// <summary>The base URL for a client at <paramref name="client"/>; null until the HTTP port is known.</summary>
    public async Task<string?> FacingAsync(IPEndPoint client, CancellationToken cancellationToken) =>
        WithPath(Configured() ?? From(LocalAddressFacing(client)), await pathPrefix.TunerPathAsync(cancellationToken));

    /// <summary>The base URL on a given local address; null until the HTTP port is known.</summary>
    public async Task<string?> OnAsync(IPAddress localAddress, CancellationToken cancellationToken) =>
        WithPath(Configured() ?? From(localAddress), await pathPrefix.TunerPathAsync(cancellationToken));

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

    private static string? WithPath(string? hostUrl, string path) => hostUrl is null ? null : hostUrl + path;

    private string? Configured()
    {
        var configured = options.Value.AdvertisedBaseUrl;
        return string.IsNullOrWhiteSpace(configured) ? null : configured.Trim().TrimEnd('/');
    }

    private string? From(IPAddress address) =>
        httpPort.Port is { } port ? string.Create(CultureInfo.InvariantCulture, $"http://{address}:{port}") : null;
}
