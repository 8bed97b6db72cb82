using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RetroVue.App.Streaming;

namespace RetroVue.Tests.Streaming;

/// <summary>How the fake answers a part instead of serving it whole.</summary>
public abstract record PartBehaviour
{
    public static PartBehaviour Healthy { get; } = new HealthyPart();

    /// <summary>Every request for the part gets this status.</summary>
    public static PartBehaviour Status(int code) => new StatusPart(code);

    /// <summary>The first body that reaches <paramref name="offset"/> is cut there (the connection is aborted); later requests are served.</summary>
    public static PartBehaviour DropOnceAt(long offset) => new DropOncePart(offset);

    /// <summary>The file is announced whole but no byte at or past <paramref name="offset"/> is ever sent: every such body is cut.</summary>
    public static PartBehaviour TruncatedAt(long offset) => new TruncatedPart(offset);
}

public sealed record HealthyPart : PartBehaviour;

public sealed record StatusPart(int Code) : PartBehaviour;

public sealed record DropOncePart(long Offset) : PartBehaviour;

public sealed record TruncatedPart(long Offset) : PartBehaviour;

/// <summary>A part request as the fake received it.</summary>
public sealed record PartRequest(string Method, string Path, string? Range, bool HadToken, string RawTarget);

/// <summary>
/// The part-serving side of a Plex Media Server: a real Kestrel server on 127.0.0.1 (ephemeral port) that serves real
/// media files at /library/parts/{id}/{name} with single byte ranges (206, Content-Range), only to requests carrying
/// the X-Plex-Token header, and can refuse, cut or truncate a part.
/// </summary>
public sealed partial class FakePlexParts : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (string File, PartBehaviour Behaviour)> _parts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<PartRequest> _requests = new();
    private readonly ConcurrentDictionary<string, bool> _dropped = new(StringComparer.Ordinal);
    private int _next;

    private FakePlexParts(WebApplication app, string token)
    {
        _app = app;
        Token = token;
    }

    public string Token { get; }

    public Uri BaseUri { get; private set; } = null!;

    public IReadOnlyCollection<PartRequest> Requests => _requests;

    public static async Task<FakePlexParts> StartAsync(string token = "plex-secret-token-7d41e9a2")
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakePlexParts(app, token);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseUri = new Uri(address);
        return server;
    }

    /// <summary>Serves <paramref name="file"/> as a new part; returns its remote location as the Plex locator would build it.</summary>
    public RemoteMedia Serve(string file, PartBehaviour? behaviour = null)
    {
        var key = $"/library/parts/{Interlocked.Increment(ref _next)}/{Path.GetFileName(file)}";
        _parts[key] = (file, behaviour ?? PartBehaviour.Healthy);
        return Locate(key);
    }

    /// <summary>The remote location of a part key, with this server's token header.</summary>
    public RemoteMedia Locate(string key) => new("Plex", new Uri(BaseUri, key), new Dictionary<string, string> { ["X-Plex-Token"] = Token });

    /// <summary>Range requests for <paramref name="part"/> (null: no Range header).</summary>
    public IReadOnlyList<string?> RangesFor(RemoteMedia part) =>
        _requests.Where(r => r.Path == part.Url.AbsolutePath && r.Method == "GET").Select(r => r.Range).ToList();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var range = request.Headers.Range.Count > 0 ? request.Headers.Range.ToString() : null;
        var hadToken = request.Headers.TryGetValue("X-Plex-Token", out var token) && token == Token;
        _requests.Enqueue(new PartRequest(request.Method, request.Path.Value ?? string.Empty, range, hadToken, context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? string.Empty));
        if (!hadToken)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        if (!_parts.TryGetValue(request.Path.Value ?? string.Empty, out var part))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (part.Behaviour is StatusPart status)
        {
            context.Response.StatusCode = status.Code;
            return;
        }

        var length = new FileInfo(part.File).Length;
        var (start, end) = ParseRange(range, length);
        if (start >= length)
        {
            context.Response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
            context.Response.Headers.ContentRange = $"bytes */{length}";
            return;
        }

        context.Response.StatusCode = range is null ? StatusCodes.Status200OK : StatusCodes.Status206PartialContent;
        context.Response.ContentType = "video/x-matroska";
        context.Response.ContentLength = end - start + 1;
        context.Response.Headers.AcceptRanges = "bytes";
        if (range is not null)
        {
            context.Response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {start}-{end}/{length}");
        }

        if (request.Method == HttpMethods.Head)
        {
            return;
        }

        var cutAt = part.Behaviour switch
        {
            DropOncePart drop when start < drop.Offset && end >= drop.Offset && !_dropped.ContainsKey(request.Path.Value!) => drop.Offset,
            TruncatedPart truncated when end >= truncated.Offset => Math.Max(start, truncated.Offset),
            _ => (long?)null,
        };
        await using var file = new FileStream(part.File, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        file.Position = start;
        try
        {
            if (cutAt is { } cut)
            {
                await CopyAsync(file, context, cut - start);

                // A drop happens once, to the first reader that really gets this far.
                if (part.Behaviour is TruncatedPart || _dropped.TryAdd(request.Path.Value!, true))
                {
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    context.Abort();
                    return;
                }

                await CopyAsync(file, context, end + 1 - cut);
                return;
            }

            await CopyAsync(file, context, end + 1 - start);
        }
        catch (OperationCanceledException)
        {
            // The reader went away.
        }
    }

    private static async Task CopyAsync(FileStream file, HttpContext context, long count)
    {
        var buffer = new byte[64 * 1024];
        while (count > 0)
        {
            var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), context.RequestAborted);
            if (read == 0)
            {
                return;
            }

            await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
            count -= read;
        }
    }

    private static (long Start, long End) ParseRange(string? range, long length)
    {
        if (range is null || SingleRange().Match(range) is not { Success: true } match)
        {
            return (0, length - 1);
        }

        var start = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var end = match.Groups[2].Value.Length > 0 ? Math.Min(length - 1, long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)) : length - 1;
        return (start, end);
    }

    [GeneratedRegex(@"^bytes=(\d+)-(\d*)$")]
    private static partial Regex SingleRange();
}
