using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using RetroVue.Tests.Support;
using RetroVue.Tests.Telemetry;
using RetroVue.Web.Telemetry;

namespace RetroVue.Tests.Streaming;

/// <summary>With OTLP on, a channel session is traced: a span for the session and one per item it puts on air.</summary>
[Collection(StreamingCollection.Name)]
public sealed class SessionTraceTests
{
    [Fact]
    public async Task A_channel_session_exports_a_session_span_and_a_span_for_each_item_it_played()
    {
        using var media = TestMedia.CreateFolder();
        var clip = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("traced.mp4"), seconds: 3));
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var harness = await StreamingHarness.StartAsync(new Dictionary<string, string?>
        {
            [OtlpSettings.EndpointKey] = receiver.BaseUrl,
            [OtlpSettings.ProtocolKey] = "http/protobuf",
            ["Streaming:GraceSeconds"] = "0.2",
        });
        harness.AddChannel("31", "Traced", StreamingHarness.SmallProfile, StreamingHarness.Timeline(DateTimeOffset.UtcNow, [(clip, 3)]), clip);

        // Long enough for the first item to end and the next to begin.
        (await harness.RecordAsync("31", TimeSpan.FromSeconds(5))).Analyze().AssertClean();
        await StreamingHarness.WaitUntilAsync(() => harness.Sessions.Sessions().Count == 0, TimeSpan.FromSeconds(60), "the session stops after its last viewer left");

        var traces = harness.Services.GetRequiredService<TracerProvider>();
        await receiver.WaitForAsync("traces", ["channel session", "channel item", "traced.mp4", "Traced"], () => traces.ForceFlush(1000));
    }
}
