using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RetroVue.App.Streaming;

namespace RetroVue.Bench.Streaming;

/// <summary>
/// A local stand-in for a Plex server's part URLs: Kestrel on 127.0.0.1 (ephemeral port) serving real media files with
/// single byte ranges, only to requests carrying the X-Plex-Token header. Counts the range requests it answered.
/// </summary>
internal sealed partial class BenchPlexParts : IAsyncDisposable
{
    private const string Token = "bench-plex-token";
    private readonly WebApplication _app;
    private readonly Dictionary<string, string> _parts = new(StringComparer.Ordinal);
    private int _rangeRequests;

    private BenchPlexParts(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;

    public int RangeRequests => Volatile.Read(ref _rangeRequests);

    public static async Task<BenchPlexParts> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new BenchPlexParts(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUri = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return server;
    }

    /// <summary>The same asset, known only by a path that does not exist here and its part on this server.</summary>
    public PlayoutAsset ThroughPlex(PlayoutAsset local)
    {
        var key = $"/library/parts/{_parts.Count + 1}/{Path.GetFileName(local.FilePath)}";
        _parts[key] = local.FilePath;
        var remote = new RemoteMedia("Plex", new Uri(BaseUri, key), new Dictionary<string, string> { ["X-Plex-Token"] = Token });
        return local with { Id = Guid.NewGuid(), FilePath = "/not-mounted/" + Path.GetFileName(local.FilePath), Remote = remote };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Headers["X-Plex-Token"] != Token)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        if (!_parts.TryGetValue(context.Request.Path.Value ?? string.Empty, out var file))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var length = new FileInfo(file).Length;
        var range = context.Request.Headers.Range.ToString();
        long start = 0;
        var end = length - 1;
        if (SingleRange().Match(range) is { Success: true } match)
        {
            Interlocked.Increment(ref _rangeRequests);
            start = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            if (match.Groups[2].Value.Length > 0)
            {
                end = Math.Min(end, long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
            }

            if (start >= length)
            {
                context.Response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                return;
            }

            context.Response.StatusCode = StatusCodes.Status206PartialContent;
            context.Response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {start}-{end}/{length}");
        }

        context.Response.ContentLength = end - start + 1;
        context.Response.Headers.AcceptRanges = "bytes";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        stream.Position = start;
        var buffer = new byte[64 * 1024];
        var remaining = end - start + 1;
        try
        {
            while (remaining > 0)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), context.RequestAborted);
                if (read == 0)
                {
                    return;
                }

                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                remaining -= read;
            }
        }
        catch (OperationCanceledException)
        {
            // ffmpeg seeks by closing the connection.
        }
    }

    [GeneratedRegex(@"^bytes=(\d+)-(\d*)$")]
    private static partial Regex SingleRange();
}
