using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.Options;
using RetroVue.Adapters.Streaming.Tuner;
using RetroVue.App.Streaming;

namespace RetroVue.Web.Streaming;

/// <summary>
/// HDHomeRun tuner emulation for Plex, Jellyfin and Emby: discover.json, lineup.json, lineup_status.json and the
/// UPnP device.xml. Field names are the HDHomeRun's own (PascalCase).
/// </summary>
public static class TunerEndpoints
{
    public const string ModelNumber = "HDTC-2US";
    public const string FirmwareName = "hdhomeruntc_atsc";
    public const string FirmwareVersion = "20200101";

    private static readonly JsonSerializerOptions AsIs = new() { PropertyNamingPolicy = null };

    public static IEndpointRouteBuilder MapTunerEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/discover.json", (HttpRequest request, DeviceIdentity identity, IOptions<TunerOptions> options) =>
        {
            var baseUrl = RequestBaseUrl.Of(request);
            return Results.Json(
                new
                {
                    FriendlyName = options.Value.FriendlyName,
                    Manufacturer = "RetroVue",
                    ModelNumber,
                    FirmwareName,
                    FirmwareVersion,
                    DeviceID = identity.DeviceId,
                    DeviceAuth = DeviceIdentity.DeviceAuth,
                    BaseURL = baseUrl,
                    LineupURL = $"{baseUrl}/lineup.json",
                    TunerCount = options.Value.TunerCount,
                },
                AsIs);
        });

        endpoints.MapGet("/lineup.json", async (HttpRequest request, IChannelDirectory directory, CancellationToken cancellationToken) =>
        {
            var baseUrl = RequestBaseUrl.Of(request);
            var channels = await directory.ListAsync(cancellationToken);
            // No query string on URL: Plex appends its own parameters.
            return Results.Json(
                channels.Select(c => new { GuideNumber = c.Number.ToString(), GuideName = c.Name, URL = $"{baseUrl}/iptv/channel/{c.Number}.ts" }),
                AsIs);
        });

        endpoints.MapGet("/lineup_status.json", () => Results.Json(
            new { ScanInProgress = 0, ScanPossible = 1, Source = "Cable", SourceList = new[] { "Cable" } },
            AsIs));

        // Plex asks the tuner to "scan" before reading the lineup; there is nothing to scan.
        endpoints.MapPost("/lineup.post", () => Results.Ok());

        endpoints.MapGet("/device.xml", (HttpRequest request, DeviceIdentity identity, IOptions<TunerOptions> options) =>
            Results.Text(DeviceXml(RequestBaseUrl.Of(request), identity.DeviceId, options.Value.FriendlyName), "application/xml"));
        return endpoints;
    }

    public static string DeviceXml(string baseUrl, string deviceId, string friendlyName)
    {
        XNamespace ns = "urn:schemas-upnp-org:device-1-0";
        var document = new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement(
                ns + "root",
                new XElement(ns + "URLBase", baseUrl),
                new XElement(ns + "specVersion", new XElement(ns + "major", 1), new XElement(ns + "minor", 0)),
                new XElement(
                    ns + "device",
                    new XElement(ns + "deviceType", SsdpResponder.MediaServer),
                    new XElement(ns + "friendlyName", friendlyName),
                    new XElement(ns + "manufacturer", "RetroVue"),
                    new XElement(ns + "modelName", ModelNumber),
                    new XElement(ns + "modelNumber", ModelNumber),
                    new XElement(ns + "serialNumber", deviceId),
                    new XElement(ns + "UDN", $"uuid:{deviceId}"))));
        return document.Declaration + Environment.NewLine + document.ToString();
    }
}

/// <summary>The absolute base URL a client used, honouring X-Forwarded-Proto/Host from a reverse proxy.</summary>
public static class RequestBaseUrl
{
    public static string Of(HttpRequest request)
    {
        var scheme = First(request.Headers["X-Forwarded-Proto"]) ?? request.Scheme;
        var host = First(request.Headers["X-Forwarded-Host"]) ?? request.Host.Value;
        return string.Create(CultureInfo.InvariantCulture, $"{scheme}://{host}{request.PathBase}").TrimEnd('/');
    }

    private static string? First(Microsoft.Extensions.Primitives.StringValues values)
    {
        var value = values.ToString();
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var comma = value.IndexOf(',', StringComparison.Ordinal);
        return (comma >= 0 ? value[..comma] : value).Trim();
    }
}
