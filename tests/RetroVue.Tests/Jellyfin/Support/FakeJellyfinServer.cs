using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RetroVue.Tests.Jellyfin.Support;

/// <summary>A request as the fake server received it: the raw request target (path and query) and the headers.</summary>
public sealed record JellyfinRequest(string RawTarget, string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers)
{
    public bool IsListing => Path == "/Items";

    public bool IsSegments => Path.StartsWith("/MediaSegments/", StringComparison.Ordinal);

    public string? Types => Query.GetValueOrDefault("IncludeItemTypes");
}

/// <summary>What the fake answers instead of the real thing.</summary>
public enum JellyfinFault
{
    /// <summary>Answers 500.</summary>
    ServerError,

    /// <summary>Never answers; the request ends only when the client gives up.</summary>
    Hang,

    /// <summary>Closes the connection without an answer.</summary>
    Drop,
}

/// <summary>
/// A Jellyfin (or Emby) server stand-in: real Kestrel on 127.0.0.1 with an ephemeral port, serving payloads in the shape
/// of the servers' REST API (PascalCase JSON, /System/Info/Public, /Library/VirtualFolders, /Items paged with
/// StartIndex/Limit and TotalRecordCount, MinDateLastSaved, /MediaSegments/{id}, /Videos/{id}/stream with byte ranges).
/// Jellyfin accepts the key in "Authorization: MediaBrowser Token=..." or X-Emby-Token; Emby only in X-Emby-Token.
/// Every request is recorded; faults can be injected.
/// </summary>
public sealed class FakeJellyfinServer : IAsyncDisposable
{
    public const string ServerId = "f4a7c1d2e3b94c5d8e6f7a8b9c0d1e2f";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<JellyfinRequest> _requests = new();
    private readonly ConcurrentDictionary<string, JsonArray> _segments = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _images = new(StringComparer.Ordinal);

    private FakeJellyfinServer(WebApplication app, bool isEmby, string apiKey)
    {
        _app = app;
        IsEmby = isEmby;
        ApiKey = apiKey;
    }

    public bool IsEmby { get; }

    public string ApiKey { get; }

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The libraries (VirtualFolders): id, name, CollectionType (null = mixed).</summary>
    public List<(string Id, string Name, string? Type)> Libraries { get; } = [];

    /// <summary>Every item per library id, in listing order; a test edits these between syncs.</summary>
    public ConcurrentDictionary<string, List<JsonObject>> Items { get; } = new(StringComparer.Ordinal);

    /// <summary>Decides per request whether to answer with a fault instead.</summary>
    public Func<JellyfinRequest, JellyfinFault?>? InjectFault { get; set; }

    /// <summary>How many items a page holds, given how many were asked for (a server sending fewer than asked).</summary>
    public Func<int, int>? ServedPageSize { get; set; }

    public IReadOnlyCollection<JellyfinRequest> Requests => _requests;

    public int ListingRequests => _requests.Count(r => r.IsListing);

    public int SegmentRequests => _requests.Count(r => r.IsSegments);

    public static async Task<FakeJellyfinServer> StartAsync(bool emby = false, string apiKey = "3f9c0b7e1d2a4c6b8e0f1a2b3c4d5e6f")
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeJellyfinServer(app, emby, apiKey);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseUri = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    public void AddLibrary(string id, string name, string? type) => Libraries.Add((id, name, type));

    public List<JsonObject> ItemsOf(string libraryId) => Items.GetOrAdd(libraryId, _ => []);

    /// <summary>Serves Intro/Outro/etc. segments for the item at /MediaSegments/{itemId}.</summary>
    public void SetSegments(string itemId, params (string Type, TimeSpan Start, TimeSpan End)[] segments) =>
        _segments[itemId] = new JsonArray(segments.Select(s => (JsonNode)new JsonObject
        {
            ["Id"] = Guid.NewGuid().ToString("N"),
            ["ItemId"] = itemId,
            ["Type"] = s.Type,
            ["StartTicks"] = s.Start.Ticks,
            ["EndTicks"] = s.End.Ticks,
        }).ToArray());

    /// <summary>Serves <paramref name="content"/> at /Videos/{itemId}/stream with byte ranges, behind the key check.</summary>
    public void SetFile(string itemId, byte[] content) => _files[itemId] = content;

    /// <summary>Serves <paramref name="content"/> at /Items/{itemId}/Images/Primary (as image/jpeg, whatever it is), behind the key check.</summary>
    public void SetImage(string itemId, byte[] content) => _images[itemId] = content;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = Record(context);
        if (InjectFault?.Invoke(request) is { } fault)
        {
            await AnswerFaultAsync(context, fault);
            return;
        }

        if (request.Path == "/System/Info/Public")
        {
            var product = IsEmby ? "" : "\"ProductName\":\"Jellyfin Server\",";
            await WriteJsonAsync(context, $$"""{"LocalAddress":"{{BaseUri}}","ServerName":"den",{{product}}"Version":"{{(IsEmby ? "4.8.10.0" : "10.10.3")}}","OperatingSystem":"Linux","Id":"{{ServerId}}","StartupWizardCompleted":true}""");
            return;
        }

        if (!Authorized(request))
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync("Unauthorized");
            return;
        }

        if (request.Path == "/Library/VirtualFolders")
        {
            var folders = new JsonArray(Libraries.Select(l => (JsonNode)new JsonObject
            {
                ["Name"] = l.Name,
                ["Locations"] = new JsonArray("/media/" + l.Name),
                ["CollectionType"] = l.Type,
                ["ItemId"] = l.Id,
                ["RefreshStatus"] = "Idle",
            }).ToArray());
            await WriteJsonAsync(context, folders.ToJsonString());
        }
        else if (request.IsListing)
        {
            await AnswerListingAsync(context, request);
        }
        else if (request.IsSegments)
        {
            var itemId = request.Path["/MediaSegments/".Length..];
            var items = _segments.TryGetValue(itemId, out var list) ? list.DeepClone() : new JsonArray();
            await WriteJsonAsync(context, new JsonObject { [nameof(Items)] = items, ["TotalRecordCount"] = items.AsArray().Count, ["StartIndex"] = 0 }.ToJsonString());
        }
        else if (request.Path.StartsWith("/Videos/", StringComparison.Ordinal) && request.Path.EndsWith("/stream", StringComparison.Ordinal)
                 && _files.TryGetValue(request.Path.Split('/')[2], out var file))
        {
            await AnswerFileAsync(context, file);
        }
        else if (request.Path.StartsWith("/Items/", StringComparison.Ordinal) && request.Path.EndsWith("/Images/Primary", StringComparison.Ordinal)
                 && _images.TryGetValue(request.Path.Split('/')[2], out var image))
        {
            context.Response.ContentType = "image/jpeg";
            await context.Response.Body.WriteAsync(image);
        }
        else
        {
            context.Response.StatusCode = 404;
        }
    }

    private bool Authorized(JellyfinRequest request)
    {
        // A key in a URL is never accepted: that is exactly what must not happen.
        if (request.Query.Keys.Any(k => k.Equals("api_key", StringComparison.OrdinalIgnoreCase) || k.Equals("ApiKey", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        if (request.Headers.TryGetValue("X-Emby-Token", out var token) && token == ApiKey)
        {
            return true;
        }

        return !IsEmby && request.Headers.TryGetValue("Authorization", out var authorization)
            && authorization.StartsWith("MediaBrowser ", StringComparison.Ordinal)
            && authorization.Contains($"Token=\"{ApiKey}\"", StringComparison.Ordinal);
    }

    private async Task AnswerListingAsync(HttpContext context, JellyfinRequest request)
    {
        var parent = request.Query.GetValueOrDefault("ParentId") ?? "";
        var types = (request.Types ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        IEnumerable<JsonObject> matching = ItemsOf(parent).Where(i => types.Length == 0 || types.Contains((string?)i["Type"]));
        if (request.Query.TryGetValue("MinDateLastSaved", out var since))
        {
            var from = DateTimeOffset.Parse(since, CultureInfo.InvariantCulture);
            matching = matching.Where(i => DateTimeOffset.Parse((string)i["DateLastSaved"]!, CultureInfo.InvariantCulture) >= from);
        }

        var all = matching.ToList();
        var start = int.Parse(request.Query.GetValueOrDefault("StartIndex") ?? "0", CultureInfo.InvariantCulture);
        var asked = int.Parse(request.Query.GetValueOrDefault("Limit") ?? "100", CultureInfo.InvariantCulture);
        var take = ServedPageSize?.Invoke(asked) ?? asked;
        var page = new JsonArray(all.Skip(start).Take(take).Select(i => (JsonNode)i.DeepClone()).ToArray());
        await WriteJsonAsync(context, new JsonObject { [nameof(Items)] = page, ["TotalRecordCount"] = all.Count, ["StartIndex"] = start }.ToJsonString());
    }

    private static async Task AnswerFileAsync(HttpContext context, byte[] file)
    {
        context.Response.Headers.AcceptRanges = "bytes";
        context.Response.ContentType = "video/mp2t";
        long from = 0;
        var to = file.LongLength - 1;
        if (context.Request.Headers.Range.ToString() is { Length: > 6 } range && range.StartsWith("bytes=", StringComparison.Ordinal))
        {
            var parts = range[6..].Split('-');
            from = long.Parse(parts[0], CultureInfo.InvariantCulture);
            if (parts[1].Length > 0)
            {
                to = Math.Min(to, long.Parse(parts[1], CultureInfo.InvariantCulture));
            }

            context.Response.StatusCode = 206;
            context.Response.Headers.ContentRange = $"bytes {from}-{to}/{file.LongLength}";
        }

        context.Response.ContentLength = to - from + 1;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(file.AsMemory((int)from, (int)(to - from + 1)));
        }
    }

    private static async Task AnswerFaultAsync(HttpContext context, JellyfinFault fault)
    {
        switch (fault)
        {
            case JellyfinFault.ServerError:
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("fault");
                break;
            case JellyfinFault.Hang:
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up, as it should.
                }

                break;
            case JellyfinFault.Drop:
                context.Abort();
                break;
        }
    }

    private JellyfinRequest Record(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
        var query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new JellyfinRequest(raw, context.Request.Path.Value ?? "/", query, headers);
        _requests.Enqueue(request);
        return request;
    }

    private static async Task WriteJsonAsync(HttpContext context, string json)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var bytes = Encoding.UTF8.GetBytes(json);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes);
    }
}
