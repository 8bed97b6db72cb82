using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RetroVue.Bench.Plex;

/// <summary>
/// A Plex Media Server stand-in for the benchmark (the tests have their own, richer one): a Kestrel server on
/// 127.0.0.1 serving a generated show library (section "1") page by page, as Plex does, with the "field>>=epoch"
/// filters, and counting listing and per-item detail requests. Items are written on demand, so the library costs no memory.
/// Episode i was last updated i seconds before the newest one (and added 100 s before its update), so a date filter
/// selects a prefix of the listing, as in a library edited over time.
/// </summary>
internal sealed class BenchPlexServer : IAsyncDisposable
{
    public const string Token = "bench-plex-token";
    private const long UpdatedAt = 1_700_000_000;

    private readonly WebApplication _app;
    private readonly int _shows;
    private readonly int _episodesPerShow;
    private int _requests;
    private int _detailRequests;

    private BenchPlexServer(WebApplication app, int shows, int episodesPerShow)
    {
        _app = app;
        _shows = shows;
        _episodesPerShow = episodesPerShow;
    }

    public Uri BaseUri { get; private set; } = null!;

    public int Requests => Volatile.Read(ref _requests);

    public int DetailRequests => Volatile.Read(ref _detailRequests);

    public static async Task<BenchPlexServer> StartAsync(int shows, int episodesPerShow)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new BenchPlexServer(app, shows, episodesPerShow);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseUri = new Uri(address);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var path = context.Request.Path.Value ?? "/";
        if (path.StartsWith("/library/metadata/", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _detailRequests);
        }

        if (path != "/identity" && context.Request.Headers["X-Plex-Token"] != Token)
        {
            context.Response.StatusCode = 401;
            return;
        }

        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteStartObject("MediaContainer");
        switch (path)
        {
            case "/identity":
                json.WriteString("machineIdentifier", "bench0machine");
                json.WriteString("version", "1.41.3.9314");
                break;
            case "/library/sections":
                json.WriteStartArray("Directory");
                json.WriteStartObject();
                json.WriteString("key", "1");
                json.WriteString("type", "show");
                json.WriteString("title", "TV Shows");
                json.WriteEndObject();
                json.WriteEndArray();
                break;
            case "/library/sections/1/all":
                WritePage(json, context.Request.Query);
                break;
            default:
                context.Response.StatusCode = 404;
                break;
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private void WritePage(Utf8JsonWriter json, IQueryCollection query)
    {
        var type = query["type"].ToString();
        var total = type == "2" ? _shows : _shows * _episodesPerShow;
        foreach (var (key, value) in query.Where(q => q.Key.EndsWith(">>", StringComparison.Ordinal)))
        {
            // Items 0..n-1 have the field at or after "since": updatedAt = newest - i, addedAt = updatedAt - 100.
            var since = long.Parse(value.ToString(), CultureInfo.InvariantCulture);
            var newest = key.EndsWith("addedAt>>", StringComparison.Ordinal) ? UpdatedAt - 100 : UpdatedAt;
            total = type == "2" ? (since <= newest ? total : 0) : (int)Math.Clamp(newest - since + 1, 0, total);
        }

        var start = int.Parse(query["X-Plex-Container-Start"].ToString(), CultureInfo.InvariantCulture);
        var size = int.Parse(query["X-Plex-Container-Size"].ToString(), CultureInfo.InvariantCulture);
        json.WriteNumber("totalSize", total);
        json.WriteNumber("offset", start);
        json.WriteStartArray("Metadata");
        for (var i = start; i < Math.Min(total, start + size); i++)
        {
            if (type == "2")
            {
                WriteShow(json, i);
            }
            else
            {
                WriteEpisode(json, i, _episodesPerShow);
            }
        }

        json.WriteEndArray();
    }

    private static void WriteShow(Utf8JsonWriter json, int show)
    {
        json.WriteStartObject();
        json.WriteString("ratingKey", (100_000 + show).ToString(CultureInfo.InvariantCulture));
        json.WriteString("type", "show");
        json.WriteString("title", $"Show {show:000}");
        json.WriteNumber("year", 1990 + (show % 30));
        json.WriteString("summary", $"Summary of show {show}");
        json.WriteNumber("updatedAt", UpdatedAt);
        json.WriteStartArray("Guid");
        json.WriteStartObject();
        json.WriteString("id", $"tvdb://{70_000 + show}");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteEpisode(Utf8JsonWriter json, int index, int episodesPerShow)
    {
        var show = index / episodesPerShow;
        var episode = (index % episodesPerShow) + 1;
        var id = (show * 1000) + episode;
        json.WriteStartObject();
        json.WriteString("ratingKey", (1_000_000 + id).ToString(CultureInfo.InvariantCulture));
        json.WriteString("type", "episode");
        json.WriteString("title", $"Episode {episode}");
        json.WriteString("grandparentRatingKey", (100_000 + show).ToString(CultureInfo.InvariantCulture));
        json.WriteString("grandparentTitle", $"Show {show:000}");
        json.WriteNumber("parentIndex", 1 + ((episode - 1) / 25));
        json.WriteNumber("index", episode);
        json.WriteString("summary", $"Episode {episode} of show {show}");
        json.WriteString("originallyAvailableAt", "2001-02-03");
        json.WriteNumber("duration", 1_320_000);
        json.WriteNumber("addedAt", UpdatedAt - index - 100);
        json.WriteNumber("updatedAt", UpdatedAt - index);
        json.WriteStartArray("Guid");
        json.WriteStartObject();
        json.WriteString("id", $"tvdb://{id}");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartArray("Media");
        json.WriteStartObject();
        json.WriteNumber("id", id);
        json.WriteNumber("duration", 1_320_000);
        json.WriteNumber("bitrate", 2500);
        json.WriteNumber("width", 1280);
        json.WriteNumber("height", 720);
        json.WriteNumber("audioChannels", 2);
        json.WriteString("audioCodec", "aac");
        json.WriteString("videoCodec", "h264");
        json.WriteString("videoFrameRate", "24p");
        json.WriteString("container", "mkv");
        json.WriteStartArray("Part");
        json.WriteStartObject();
        json.WriteNumber("id", 500_000 + id);
        json.WriteString("key", $"/library/parts/{500_000 + id}/1700000000/file.mkv");
        json.WriteNumber("duration", 1_320_000);
        json.WriteString("file", $"/data/tv/Show {show:000}/Season 01/Show {show:000} - S01E{episode:00}.mkv");
        json.WriteNumber("size", 300_000_000L + episode);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
