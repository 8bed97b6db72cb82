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

namespace RetroVue.Tests.Plex.Support;

/// <summary>A request as the fake server received it: the raw request line target and the headers.</summary>
public sealed record ReceivedRequest(string RawTarget, string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers)
{
    public int? Start => Query.TryGetValue("X-Plex-Container-Start", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : null;

    public int? Size => Query.TryGetValue("X-Plex-Container-Size", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : null;

    public bool IsListing => Path.StartsWith("/library/sections/", StringComparison.Ordinal) && Path.EndsWith("/all", StringComparison.Ordinal);

    public bool IsDetail => Path.StartsWith("/library/metadata/", StringComparison.Ordinal);
}

/// <summary>What the fake answers instead of the real thing.</summary>
public abstract record Fault
{
    public static Fault Status(int code) => new StatusFault(code);

    /// <summary>Never answers; the request ends only when the client gives up.</summary>
    public static Fault Hang { get; } = new HangFault();

    public static Fault Body(string rawJson) => new BodyFault(rawJson);
}

public sealed record StatusFault(int Code) : Fault;

public sealed record HangFault : Fault;

public sealed record BodyFault(string RawJson) : Fault;

/// <summary>
/// A Plex Media Server stand-in: a real Kestrel server on 127.0.0.1 with an ephemeral port. It checks the
/// X-Plex-Token header, pages listings with X-Plex-Container-Start/Size exactly as Plex does, honours
/// "field>>=epoch" filters, records every request and can inject faults.
/// </summary>
public sealed class FakePlexServer : IAsyncDisposable
{
    public const string MachineIdentifier = "fake0machine0identifier";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, IFakeItems> _items = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonNode> _details = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (byte[] Content, string ContentType)> _images = new(StringComparer.Ordinal);

    private FakePlexServer(WebApplication app, string token)
    {
        _app = app;
        Token = token;
    }

    public string Token { get; }

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The body of GET /library/sections.</summary>
    public JsonNode Sections { get; set; } = JsonNode.Parse("""{"MediaContainer":{"size":0,"Directory":[]}}""")!;

    /// <summary>Decides per request whether to answer with a fault instead.</summary>
    public Func<ReceivedRequest, Fault?>? InjectFault { get; set; }

    /// <summary>Awaited before each request is answered (e.g. to hold detail answers back and count how many wait at once).</summary>
    public Func<ReceivedRequest, CancellationToken, Task>? BeforeAnswer { get; set; }

    /// <summary>How many items a page holds, given how many were asked for (pages smaller or larger than asked).</summary>
    public Func<int, int>? ServedPageSize { get; set; }

    /// <summary>Where a page really starts, given where it was asked to start (overlapping pages).</summary>
    public Func<int, int>? ServedStart { get; set; }

    /// <summary>Called before each listing page is answered (e.g. to change the library mid-listing).</summary>
    public Action<ReceivedRequest>? BeforeListingPage { get; set; }

    public IReadOnlyCollection<ReceivedRequest> Requests => _requests;

    public int ListingRequests => _requests.Count(r => r.IsListing);

    public int DetailRequests => _requests.Count(r => r.IsDetail);

    /// <summary>The rating keys detail requests asked for, once each.</summary>
    public IReadOnlySet<string> DetailsAskedFor => _requests.Where(r => r.IsDetail).Select(r => r.Path["/library/metadata/".Length..]).ToHashSet(StringComparer.Ordinal);

    public static async Task<FakePlexServer> StartAsync(string token = "fake-plex-token-4f1b2c")
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakePlexServer(app, token);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseUri = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    /// <summary>Serves these items for GET /library/sections/{key}/all?type={type}.</summary>
    public void SetItems(string sectionKey, int type, IReadOnlyList<JsonNode> items) => _items[$"{sectionKey}/{type}"] = new ListedItems(items);

    /// <summary>Serves <paramref name="count"/> items made on demand, so a 50,000-item library costs no memory here.</summary>
    public void SetGeneratedItems(string sectionKey, int type, int count, Func<int, JsonNode> make) => _items[$"{sectionKey}/{type}"] = new GeneratedItems(count, make);

    public void SetDetail(string ratingKey, JsonNode body) => _details[ratingKey] = body;

    /// <summary>Serves <paramref name="content"/> at <paramref name="path"/> ("/library/metadata/1/thumb/2"), behind the token check like everything else.</summary>
    public void SetImage(string path, byte[] content, string contentType = "image/jpeg") => _images[path] = (content, contentType);

    public void SetSections(params (string Key, string Type, string Title)[] sections)
    {
        var directory = new JsonArray(sections.Select(s => (JsonNode)new JsonObject
        {
            ["key"] = s.Key,
            ["type"] = s.Type,
            ["title"] = s.Title,
            ["agent"] = "tv.plex.agents." + (s.Type == "movie" ? "movie" : "series"),
            ["updatedAt"] = 1700000000,
            ["Location"] = new JsonArray(new JsonObject { ["id"] = 1, ["path"] = "/data/" + s.Title }),
        }).ToArray());
        Sections = new JsonObject { ["MediaContainer"] = new JsonObject { ["size"] = sections.Length, ["Directory"] = directory } };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = Record(context);
        if (BeforeAnswer is { } wait)
        {
            await wait(request, context.RequestAborted);
        }

        if (InjectFault?.Invoke(request) is { } fault)
        {
            await AnswerFaultAsync(context, fault);
            return;
        }

        if (request.Path == "/identity")
        {
            await WriteJsonAsync(context, $$$"""{"MediaContainer":{"size":0,"claimed":true,"machineIdentifier":"{{{MachineIdentifier}}}","version":"1.41.3.9314"}}""");
            return;
        }

        if (!request.Headers.TryGetValue("X-Plex-Token", out var token) || token != Token)
        {
            context.Response.StatusCode = 401;
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><head><title>Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>");
            return;
        }

        if (request.Path == "/library/sections")
        {
            await WriteJsonAsync(context, Sections.ToJsonString());
        }
        else if (request.IsListing)
        {
            await AnswerListingAsync(context, request);
        }
        else if (_images.TryGetValue(request.Path, out var image))
        {
            context.Response.ContentType = image.ContentType;
            context.Response.ContentLength = image.Content.Length;
            await context.Response.Body.WriteAsync(image.Content);
        }
        else if (request.IsDetail && _details.TryGetValue(request.Path["/library/metadata/".Length..], out var detail))
        {
            await WriteJsonAsync(context, detail.ToJsonString());
        }
        else
        {
            context.Response.StatusCode = 404;
        }
    }

    private async Task AnswerListingAsync(HttpContext context, ReceivedRequest request)
    {
        BeforeListingPage?.Invoke(request);
        var section = request.Path.Split('/')[3];
        var type = request.Query.GetValueOrDefault("type", "1");
        if (!_items.TryGetValue($"{section}/{type}", out var items))
        {
            items = new ListedItems([]);
        }

        items = ApplyFilters(items, request.Query);
        var total = items.Count;
        var asked = request.Size ?? 50;
        var start = ServedStart?.Invoke(request.Start ?? 0) ?? request.Start ?? 0;
        var take = ServedPageSize?.Invoke(asked) ?? asked;
        var page = new JsonArray();
        for (var i = Math.Max(0, start); i < Math.Min(total, start + take); i++)
        {
            page.Add(items.Get(i).DeepClone());
        }

        var body = new JsonObject
        {
            ["MediaContainer"] = new JsonObject
            {
                ["size"] = page.Count,
                ["totalSize"] = total,
                ["offset"] = request.Start ?? 0,
                ["librarySectionID"] = int.TryParse(section, out var numeric) ? numeric : section,
                ["Metadata"] = page,
            },
        };
        await WriteJsonAsync(context, body.ToJsonString());
    }

    private static IFakeItems ApplyFilters(IFakeItems items, IReadOnlyDictionary<string, string> query)
    {
        foreach (var (key, value) in query)
        {
            if (key.EndsWith(">>", StringComparison.Ordinal))
            {
                var field = key[..^2].Split('.')[^1];
                var since = long.Parse(value, CultureInfo.InvariantCulture);
                var kept = new List<JsonNode>();
                for (var i = 0; i < items.Count; i++)
                {
                    var item = items.Get(i);
                    if (item[field] is { } stamp && long.Parse(stamp.ToString(), CultureInfo.InvariantCulture) >= since)
                    {
                        kept.Add(item);
                    }
                }

                items = new ListedItems(kept);
            }
        }

        return items;
    }

    private static async Task AnswerFaultAsync(HttpContext context, Fault fault)
    {
        switch (fault)
        {
            case StatusFault status:
                context.Response.StatusCode = status.Code;
                await context.Response.WriteAsync($"fault {status.Code}");
                break;
            case HangFault:
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up, as it should.
                }

                break;
            case BodyFault body:
                await WriteJsonAsync(context, body.RawJson);
                break;
        }
    }

    private ReceivedRequest Record(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
        var query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new ReceivedRequest(raw, context.Request.Path.Value ?? "/", query, headers);
        _requests.Enqueue(request);
        return request;
    }

    private static async Task WriteJsonAsync(HttpContext context, string json)
    {
        context.Response.ContentType = "application/json";
        var bytes = Encoding.UTF8.GetBytes(json);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes);
    }

    private interface IFakeItems
    {
        int Count { get; }

        JsonNode Get(int index);
    }

    private sealed class ListedItems(IReadOnlyList<JsonNode> items) : IFakeItems
    {
        public int Count => items.Count;

        public JsonNode Get(int index) => items[index];
    }

    private sealed class GeneratedItems(int count, Func<int, JsonNode> make) : IFakeItems
    {
        public int Count => count;

        public JsonNode Get(int index) => make(index);
    }
}
