using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetroVue.App.Common;

namespace RetroVue.Adapters.Plex;

/// <summary>Creates clients for Plex servers over the pooled "plex" HttpClient.</summary>
public sealed class PlexClientFactory(IHttpClientFactory httpClientFactory, IOptions<PlexOptions> options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
{
    public const string HttpClientName = "plex";

    private readonly Lazy<string> _clientIdentifier = new(() => ResolveClientIdentifier(options.Value));

    public PlexClient Create(PlexConnection connection)
    {
        // Registered before any request, so that whatever text later carries it (an exception from deep
        // inside HttpClient, a log line) is masked.
        SecretRedactor.Register(connection.Token);
        return new PlexClient(
            httpClientFactory.CreateClient(HttpClientName),
            connection,
            options.Value,
            _clientIdentifier.Value,
            loggerFactory.CreateLogger<PlexClient>(),
            timeProvider);
    }

    private static string ResolveClientIdentifier(PlexOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ClientIdentifier))
        {
            return options.ClientIdentifier.Trim();
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("RetroVue/" + Environment.MachineName));
        return "retrovue-" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
