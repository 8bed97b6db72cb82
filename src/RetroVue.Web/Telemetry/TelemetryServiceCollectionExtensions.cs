using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RetroVue.App.Common;

namespace RetroVue.Web.Telemetry;

/// <summary>
/// OpenTelemetry for the web host: metrics (the streaming meters, ASP.NET Core, HTTP client and runtime) served at
/// /metrics in the Prometheus format, and, only when an OTLP endpoint is configured, metrics and traces (ingest,
/// source sync, channel sessions, HTTP) exported over OTLP.
/// </summary>
public static class TelemetryServiceCollectionExtensions
{
    public const string ServiceName = "retrovue";

    public static IServiceCollection AddRetroVueTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = OtlpSettings.From(configuration);
        services.TryAddSingleton<IStreamingFigures, SessionManagerFigures>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceVersion: typeof(TelemetryServiceCollectionExtensions).Assembly.GetName().Version?.ToString()));

        telemetry.WithMetrics(metrics =>
        {
            metrics
                .AddInstrumentation(provider => new StreamingMeters(provider.GetRequiredService<IMeterFactory>(), provider.GetRequiredService<IStreamingFigures>()))
                .AddMeter(StreamingMeters.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter(prometheus =>
                {
                    // Every scrape reads the sessions afresh, and the lines carry no scope or target labels, as before.
                    prometheus.ScrapeResponseCacheDurationMilliseconds = 0;
                    prometheus.ScopeInfoEnabled = false;
                    prometheus.TargetInfoEnabled = false;
                });
            if (otlp is not null)
            {
                metrics.AddOtlpExporter(options => otlp.Apply(options, "v1/metrics"));
            }
        });
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) => metrics.AddView(OnlyThisHost(provider.GetRequiredService<IMeterFactory>())));

        if (otlp is not null)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource([.. RetroVueTracing.SourceNames])
                .AddAspNetCoreInstrumentation(options =>
                {
                    options.EnrichWithHttpRequest = (activity, request) =>
                    {
                        activity.SetTag("url.path", MaskedRequestPath.Of(request));
                        activity.SetTag("url.query", request.QueryString.HasValue ? SecretRedactor.Redact(request.QueryString.Value) : null);
                    };
                })
                .AddHttpClientInstrumentation(options =>
                {
                    // Plex's token travels in a header, which is not recorded; a secret in a URL is masked all the same.
                    options.EnrichWithHttpRequestMessage = (activity, request) =>
                        activity.SetTag("url.full", request.RequestUri is { } uri ? SecretRedactor.Redact(uri.ToString()) : null);
                })
                .AddOtlpExporter(options => otlp.Apply(options, "v1/traces")));
        }

        return services;
    }

    /// <summary>GET /metrics: every metric of this host in the Prometheus text format (or OpenMetrics, if the scraper asks).</summary>
    public static IEndpointRouteBuilder MapRetroVueMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint("/metrics");
        return endpoints;
    }

    /// <summary>
    /// Meters are process-wide: a second host in the same process (tests run several) makes instruments of the same
    /// names. Each host reports only those its own meter factory made, and the ones made without a factory.
    /// </summary>
    private static Func<Instrument, MetricStreamConfiguration?> OnlyThisHost(IMeterFactory factory) =>
        instrument => instrument.Meter.Scope is IMeterFactory other && !ReferenceEquals(other, factory) ? MetricStreamConfiguration.Drop : null;
}
