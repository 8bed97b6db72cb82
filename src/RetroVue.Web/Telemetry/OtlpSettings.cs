using OpenTelemetry.Exporter;

namespace RetroVue.Web.Telemetry;

/// <summary>
/// Where traces and metrics go over OTLP: off unless Telemetry:Otlp:Endpoint is set. Telemetry:Otlp:Protocol is
/// "grpc" (the default, e.g. http://collector:4317) or "http/protobuf" (e.g. http://collector:4318, to which the
/// signal's path, /v1/traces or /v1/metrics, is appended).
/// </summary>
public sealed record OtlpSettings(Uri Endpoint, OtlpExportProtocol Protocol)
{
    public const string EndpointKey = "Telemetry:Otlp:Endpoint";
    public const string ProtocolKey = "Telemetry:Otlp:Protocol";

    /// <summary>Null when OTLP is off; a clear error for an endpoint or protocol that cannot work.</summary>
    public static OtlpSettings? From(IConfiguration configuration)
    {
        var endpoint = configuration[EndpointKey];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return null;
        }

        if (!Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"{EndpointKey} '{endpoint}' is not an http:// or https:// address (e.g. http://collector:4317).");
        }

        var protocol = configuration[ProtocolKey]?.Trim().ToLowerInvariant() switch
        {
            null or "" or "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" or "http" => OtlpExportProtocol.HttpProtobuf,
            var other => throw new InvalidOperationException($"{ProtocolKey} '{other}' is not supported: use grpc or http/protobuf."),
        };
        return new OtlpSettings(uri, protocol);
    }

    /// <summary>The address one signal is sent to: gRPC takes the endpoint as it is, HTTP wants the signal's path.</summary>
    public Uri For(string signalPath) =>
        Protocol == OtlpExportProtocol.Grpc ? Endpoint : new Uri(Endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath);

    public void Apply(OtlpExporterOptions options, string signalPath)
    {
        options.Protocol = Protocol;
        options.Endpoint = For(signalPath);
    }
}
