using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using RetroVue.App.Security;
using RetroVue.Tests.Admin;
using RetroVue.Web.Telemetry;

namespace RetroVue.Tests.Telemetry;

/// <summary>OTLP export is off until Telemetry:Otlp:Endpoint is set; then syncs, ingests and the streaming figures go there.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Without_an_otlp_endpoint_no_trace_is_collected_and_metrics_stay_on_the_scrape_endpoint()
    {
        await using var host = await AdminHost.StartAsync();

        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.NotNull(host.Services.GetService<MeterProvider>());
        Assert.Equal(HttpStatusCode.OK, (await host.NewBrowser().GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task With_an_otlp_endpoint_a_sync_and_its_ingest_arrive_as_spans_and_the_streaming_metrics_as_metrics()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var host = await AdminHost.StartAsync(new Dictionary<string, string>
        {
            ["Sync:Enabled"] = "false",
            [OtlpSettings.EndpointKey] = receiver.BaseUrl,
            [OtlpSettings.ProtocolKey] = "http/protobuf",
        });
        await host.SetUpAdminAsync();
        var api = host.NewBrowser();
        api.DefaultRequestHeaders.Add("X-Api-Key", (await host.Services.GetRequiredService<ApiKeyService>().CreateAsync("otlp", CancellationToken.None)).Secret);
        var source = "otlp-" + Guid.NewGuid().ToString("N")[..8];
        var folder = Directory.CreateTempSubdirectory("rv-otlp-").FullName;
        try
        {
            Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/sources/filesystem", new { name = source, path = folder })).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/api/sources/{source}/sync?full=true", null)).StatusCode);

            var traces = host.Services.GetRequiredService<TracerProvider>();
            var contentType = await receiver.WaitForAsync("traces", ["source sync", "ingest", source, "Succeeded"], () => traces.ForceFlush(1000));
            Assert.Equal("application/x-protobuf", contentType);

            var metrics = host.Services.GetRequiredService<MeterProvider>();
            await receiver.WaitForAsync("metrics", ["retrovue_channel_sessions", "retrovue_transcode_limit"], () => metrics.ForceFlush(1000));

            // HTTP spans name the path and query with the IPTV token masked.
            var token = (await host.Services.GetRequiredService<IptvAccess>().SetTokenRequiredAsync(true, CancellationToken.None)).Token!;
            var player = host.NewBrowser();
            Assert.Equal(HttpStatusCode.OK, (await player.GetAsync($"/t/{token}/discover.json")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await player.GetAsync($"/iptv/channels.m3u?token={token}")).StatusCode);
            await receiver.WaitForAsync("traces", ["/t/***/discover.json", "/iptv/channels.m3u", "token=***"], () => traces.ForceFlush(1000));
            Assert.False(receiver.AnyExportHolds(token), "no export carries the IPTV token");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_server_with_a_malformed_otlp_endpoint_does_not_start_and_names_the_setting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await AdminHost.StartAsync(new Dictionary<string, string> { [OtlpSettings.EndpointKey] = "collector:4317" });
        });
        Assert.Contains(OtlpSettings.EndpointKey, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("collector:4317", "is not an http:// or https:// address")]
    [InlineData("ftp://collector", "is not an http:// or https:// address")]
    public void An_endpoint_that_is_not_an_http_address_is_refused_with_the_setting_named(string endpoint, string problem)
    {
        var error = Assert.Throws<InvalidOperationException>(() => OtlpSettings.From(Configuration(endpoint, null)));
        Assert.Contains(OtlpSettings.EndpointKey, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_protocol_is_refused_with_the_choices()
    {
        var error = Assert.Throws<InvalidOperationException>(() => OtlpSettings.From(Configuration("http://collector:4317", "udp")));
        Assert.Contains("grpc or http/protobuf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Grpc_takes_the_endpoint_as_it_is_and_http_appends_the_signal_path()
    {
        Assert.Null(OtlpSettings.From(Configuration(null, null)));
        var grpc = OtlpSettings.From(Configuration("http://collector:4317", null))!;
        Assert.Equal(OtlpExportProtocol.Grpc, grpc.Protocol);
        Assert.Equal(new Uri("http://collector:4317"), grpc.For("v1/traces"));
        var http = OtlpSettings.From(Configuration("http://collector:4318/", "http/protobuf"))!;
        Assert.Equal(new Uri("http://collector:4318/v1/traces"), http.For("v1/traces"));
    }

    private static IConfiguration Configuration(string? endpoint, string? protocol) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [OtlpSettings.EndpointKey] = endpoint,
            [OtlpSettings.ProtocolKey] = protocol,
        }).Build();
}
