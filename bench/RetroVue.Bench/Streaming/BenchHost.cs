using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetroVue.Adapters.Media;
using RetroVue.Adapters.Media.Probing;
using RetroVue.Adapters.Streaming;
using RetroVue.Adapters.Streaming.Ffmpeg;
using RetroVue.Adapters.Streaming.Sessions;
using RetroVue.App.Ingest;
using RetroVue.App.Streaming;
using RetroVue.Domain.Scheduling;
using RetroVue.Web.Streaming;
using RetroVue.Web.Telemetry;

namespace RetroVue.Bench.Streaming;

/// <summary>RetroVue's streaming endpoints on 127.0.0.1 over an in-memory playout source.</summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchHost(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public InMemoryPlayoutSource Source => _app.Services.GetRequiredService<InMemoryPlayoutSource>();

    public SessionManager Sessions => _app.Services.GetRequiredService<SessionManager>();

    public FfmpegChildren Children => _app.Services.GetRequiredService<FfmpegChildren>();

    public static async Task<BenchHost> StartAsync(double graceSeconds)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("RV_BENCH_DEBUG") is not null)
        {
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug).AddFilter("Microsoft", LogLevel.Warning);
        }

        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Streaming:GraceSeconds"] = graceSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Tuner:SsdpEnabled"] = "false",
            ["Tuner:HdHomeRunDiscoveryEnabled"] = "false",
        });
        builder.Services.AddSingleton<InMemoryPlayoutSource>();
        builder.Services.AddSingleton<IPlayoutSource>(p => p.GetRequiredService<InMemoryPlayoutSource>());
        builder.Services.AddSingleton<IChannelDirectory>(p => p.GetRequiredService<InMemoryPlayoutSource>());
        builder.Services.AddSingleton<ITunerPathPrefix, OpenTunerPath>();
        builder.Services.AddRetroVueStreaming(builder.Configuration, Directory.CreateTempSubdirectory("rv-bench-stream-").FullName);
        builder.Services.AddRetroVueTelemetry(builder.Configuration);
        var app = builder.Build();
        app.MapStreamingEndpoints();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchHost(app, address.TrimEnd('/'));
    }

    public static async Task<PlayoutAsset> AssetAsync(string path)
    {
        var enricher = new FfprobeEnricher(new FfmpegTools(Options.Create(new FfmpegOptions())), Options.Create(new IngestOptions()));
        var probe = await enricher.EnrichAsync(new EnrichmentRequest(Guid.NewGuid(), path), CancellationToken.None);
        return new PlayoutAsset(Guid.NewGuid(), path, probe.Streams);
    }

    /// <summary>A channel looping the given (asset, seconds) items from <paramref name="start"/> for a few hours.</summary>
    public void AddChannel(string number, StreamingProfile profile, DateTimeOffset start, IReadOnlyList<(PlayoutAsset Asset, double Seconds)> items, double hours = 3)
    {
        var entries = new List<TimelineEntry>();
        var at = new DateTimeOffset(start.UtcTicks, TimeSpan.Zero);
        var end = at.AddHours(hours);
        while (at < end)
        {
            foreach (var (asset, seconds) in items)
            {
                Source.AddAsset(asset);
                var length = TimeSpan.FromSeconds(seconds);
                entries.Add(new TimelineEntry
                {
                    AssetId = asset.Id,
                    InPoint = TimeSpan.Zero,
                    OutPoint = length,
                    Start = at,
                    End = at + length,
                    Kind = TimelineEntryKind.Program,
                    GuideKey = at,
                    Programme = GuideProgramme.Slate(Path.GetFileName(asset.FilePath)),
                });
                at += length;
            }
        }

        Source.SetChannel(new PlayoutChannel(ChannelNumber.Parse(number), $"Bench {number}", profile), entries);
    }

    public string ChannelUrl(string number) => $"{BaseUrl}/iptv/channel/{number}.ts";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
