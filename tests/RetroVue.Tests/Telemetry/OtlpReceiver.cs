using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RetroVue.Tests.Telemetry;

/// <summary>
/// An OTLP/HTTP collector on 127.0.0.1 that keeps what it is sent: each export's protobuf body, by signal (traces,
/// metrics). Names and attribute values are plain UTF-8 strings inside the protobuf, so a test can look for them.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Signal, string ContentType, byte[] Body)> _exports = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = string.Empty;

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new OtlpReceiver(builder.Build());
        receiver._app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver._exports.Enqueue((signal, request.ContentType ?? string.Empty, body.ToArray()));

            // An empty Export*ServiceResponse: everything accepted.
            return Results.Bytes([], "application/x-protobuf");
        });
        await receiver._app.StartAsync();
        receiver.BaseUrl = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return receiver;
    }

    /// <summary>
    /// Waits until one export of <paramref name="signal"/> holds every one of <paramref name="texts"/>, asking the
    /// sender to flush (<paramref name="flush"/>) while it waits; the export's content type is returned.
    /// </summary>
    public async Task<string> WaitForAsync(string signal, IReadOnlyList<string> texts, Action flush)
    {
        var wanted = texts.Select(Encoding.UTF8.GetBytes).ToList();
        for (var attempt = 0; attempt < 120; attempt++)
        {
            flush();
            foreach (var export in _exports.Where(e => e.Signal == signal))
            {
                if (wanted.All(text => export.Body.AsSpan().IndexOf(text) >= 0))
                {
                    return export.ContentType;
                }
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"No {signal} export holding {string.Join(", ", texts)} arrived; {_exports.Count} exports came");
    }

    /// <summary>Whether any export received so far holds <paramref name="text"/>.</summary>
    public bool AnyExportHolds(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return _exports.Any(export => export.Body.AsSpan().IndexOf(bytes) >= 0);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
