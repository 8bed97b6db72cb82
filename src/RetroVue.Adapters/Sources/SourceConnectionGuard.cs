using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using RetroVue.App.Sources;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Sources;

/// <summary>A connection to a source server that the address policy refused; never retried.</summary>
public sealed class SourceAddressRefusedException(string message) : IOException(message);

/// <summary>
/// Applies the source address policy (<see cref="SourceAddress"/>) where every connection to a source server is made:
/// the host is resolved here and only permitted addresses are dialled, so a name that resolves (or is rebound after it
/// was saved) to loopback, link-local or a metadata service is refused at connect time too. Handlers built here never
/// follow redirects: a token must not travel to a host nobody configured.
/// </summary>
public sealed class SourceConnectionGuard(IOptions<SourceAddressOptions> options)
{
    public SocketsHttpHandler NewHandler() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        ConnectCallback = ConnectAsync,
    };

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var allowLoopback = options.Value.AllowLoopback;
        // Metadata names are refused as written; every other name (localhost too) by the addresses it resolves to now.
        if (SourceAddress.IsMetadataHost(endpoint.Host))
        {
            var byName = SourceAddress.RefusalForHost(endpoint.Host, allowLoopback);
            throw new SourceAddressRefusedException($"connection refused by RetroVue: {byName}");
        }

        var addresses = IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        var permitted = addresses.Where(a => SourceAddress.Refusal(a, allowLoopback) is null).ToArray();
        if (permitted.Length == 0)
        {
            var refusal = addresses.Select(a => SourceAddress.Refusal(a, allowLoopback)).FirstOrDefault(r => r is not null) ?? "it has no address";
            throw new SourceAddressRefusedException($"connection refused by RetroVue: {endpoint.Host} resolves to {refusal}");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(permitted, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
