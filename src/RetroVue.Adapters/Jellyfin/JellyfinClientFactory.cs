using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RetroVue.Adapters.Jellyfin;

/// <summary>Creates clients for Jellyfin and Emby servers over the pooled "jellyfin" HttpClient.</summary>
public sealed class JellyfinClientFactory(IHttpClientFactory httpClientFactory, IOptions<JellyfinOptions> options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
{
    public const string HttpClientName = "jellyfin";

    private readonly Lazy<string> _deviceId = new(() => string.IsNullOrWhiteSpace(options.Value.DeviceId)
        ? "retrovue-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("RetroVue/" + Environment.MachineName)).AsSpan(0, 16))
        : options.Value.DeviceId.Trim());

    public JellyfinClient Create(JellyfinConnection connection) =>
        new(httpClientFactory.CreateClient(HttpClientName), connection, options.Value, _deviceId.Value, loggerFactory.CreateLogger<JellyfinClient>(), timeProvider);
}
