using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
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
using RetroVue.Tests.Support;
using RetroVue.Web;
using RetroVue.Web.Streaming;
using RetroVue.Web.Telemetry;
using Serilog;
using Serilog.Core;

namespace RetroVue.Tests.Streaming;

/// <summary>Collects the playback faults the engine reports.</summary>
public sealed class RecordingFaultSink : IPlaybackFaultSink
{
    public ConcurrentQueue<PlaybackFault> Faults { get; } = new();

    public Task ReportAsync(PlaybackFault fault, CancellationToken cancellationToken)
    {
        Faults.Enqueue(fault);
        return Task.CompletedTask;
    }
}

/// <summary>
/// A real Kestrel host on 127.0.0.1 with the streaming and tuner endpoints over an in-memory playout source,
/// plus helpers to build timelines from generated media.
/// </summary>
public sealed class StreamingHarness : IAsyncDisposable
{
    public static readonly StreamingProfile SmallProfile = new(320, 180, 25, 400, 64, TranscodeMode.Auto);

    private readonly WebApplication _app;

    private StreamingHarness(WebApplication app, string baseUrl, string dataDirectory)
    {
        _app = app;
        BaseUrl = baseUrl;
        DataDirectory = dataDirectory;
    }

    public string BaseUrl { get; }

    public string DataDirectory { get; }

    public InMemoryPlayoutSource Source => _app.Services.GetRequiredService<InMemoryPlayoutSource>();

    public RecordingFaultSink Faults => (RecordingFaultSink)_app.Services.GetRequiredService<IPlaybackFaultSink>();

    public SessionManager Sessions => _app.Services.GetRequiredService<SessionManager>();

    public FfmpegChildren Children => _app.Services.GetRequiredService<FfmpegChildren>();

    public IServiceProvider Services => _app.Services;

    /// <param name="logs">Receives the host's log, for tests about what is logged.</param>
    /// <param name="serilog">When set, the host logs through Serilog to this sink, with the server's request logging.</param>
    public static async Task<StreamingHarness> StartAsync(IDictionary<string, string?>? settings = null, ILoggerProvider? logs = null, ILogEventSink? serilog = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("rv-stream-").FullName;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
        }
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Streaming:GraceSeconds"] = "2",
            ["Tuner:SsdpEnabled"] = "false",
            ["Tuner:HdHomeRunDiscoveryEnabled"] = "false",

            // The fake Plex parts are served on 127.0.0.1, which the source address policy refuses unless told otherwise.
            ["Sources:AllowLoopback"] = "true",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddSingleton<InMemoryPlayoutSource>();
        builder.Services.AddSingleton<IPlayoutSource>(p => p.GetRequiredService<InMemoryPlayoutSource>());
        builder.Services.AddSingleton<IChannelDirectory>(p => p.GetRequiredService<InMemoryPlayoutSource>());
        builder.Services.AddSingleton<IPlaybackFaultSink, RecordingFaultSink>();
        builder.Services.AddSingleton<ITunerPathPrefix, OpenTunerPath>();
        builder.Services.AddRetroVueStreaming(builder.Configuration, dataDirectory);
        builder.Services.AddRetroVueTelemetry(builder.Configuration);
        if (serilog is not null)
        {
            builder.Services.AddSerilog(logging => logging.MinimumLevel.Information().WriteTo.Sink(serilog), preserveStaticLogger: true);
        }

        var app = builder.Build();
        if (serilog is not null)
        {
            app.UseRetroVueRequestLogging();
        }

        app.MapStreamingEndpoints();
        app.MapTunerEndpoints();

        // The server puts this under the API's sign-in (SecurityTests); here it is read without one.
        app.MapGroup("/api").MapSessions();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new StreamingHarness(app, address.TrimEnd('/'), dataDirectory);
    }

    /// <summary>Probes a generated file the way ingest does, so copy-or-transcode decisions use real facts.</summary>
    public static async Task<PlayoutAsset> AssetAsync(string path)
    {
        var enricher = new FfprobeEnricher(new FfmpegTools(Options.Create(new FfmpegOptions())), Options.Create(new IngestOptions()));
        var probe = await enricher.EnrichAsync(new EnrichmentRequest(Guid.NewGuid(), path), CancellationToken.None);
        return new PlayoutAsset(Guid.NewGuid(), path, probe.Streams);
    }

    /// <summary>
    /// A timeline that plays <paramref name="items"/> (asset, seconds) in a loop from <paramref name="start"/>
    /// for <paramref name="loops"/> rounds; each asset is played from its in-point 0.
    /// </summary>
    public static List<TimelineEntry> Timeline(DateTimeOffset start, IReadOnlyList<(PlayoutAsset? Asset, double Seconds)> items, int loops = 20)
    {
        var entries = new List<TimelineEntry>();
        var at = new DateTimeOffset(start.UtcTicks, TimeSpan.Zero);
        for (var round = 0; round < loops; round++)
        {
            foreach (var (asset, seconds) in items)
            {
                var length = TimeSpan.FromSeconds(seconds);
                entries.Add(new TimelineEntry
                {
                    AssetId = asset?.Id,
                    InPoint = TimeSpan.Zero,
                    OutPoint = length,
                    Start = at,
                    End = at + length,
                    Kind = asset is null ? TimelineEntryKind.Slate : TimelineEntryKind.Program,
                    GuideKey = at,
                    Programme = GuideProgramme.Slate(asset is null ? "Slate" : Path.GetFileName(asset.FilePath)),
                });
                at += length;
            }
        }

        return entries;
    }

    public void AddChannel(string number, string name, StreamingProfile profile, IReadOnlyList<TimelineEntry> timeline, params PlayoutAsset[] assets)
    {
        foreach (var asset in assets)
        {
            Source.AddAsset(asset);
        }

        Source.SetChannel(new PlayoutChannel(ChannelNumber.Parse(number), name, profile), timeline);
    }

    public string ChannelUrl(string number) => $"{BaseUrl}/iptv/channel/{number}.ts";

    /// <summary>Reads a channel over HTTP for <paramref name="duration"/>, as a player would.</summary>
    public Task<Recording> RecordAsync(string number, TimeSpan duration, string query = "") => RecordUrlAsync(ChannelUrl(number) + query, duration);

    /// <summary>Reads a channel URL of any server for <paramref name="duration"/>, as a player would.</summary>
    public static async Task<Recording> RecordUrlAsync(string url, TimeSpan duration)
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var stop = new CancellationTokenSource(duration);
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("video/mp2t", response.Content.Headers.ContentType?.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync();
        var bytes = new MemoryStream();
        var buffer = new byte[64 * 1024];
        TimeSpan? firstByte = null;
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, stop.Token)) > 0)
            {
                firstByte ??= started.Elapsed;
                bytes.Write(buffer, 0, read);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Recorded long enough.
        }

        return new Recording(bytes.ToArray(), firstByte);
    }

    /// <summary>Streaming ffmpeg children of this test process, counted from /proc as the operating system sees them.</summary>
    public static int StreamingFfmpegProcesses()
    {
        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var count = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(directory);
            if (!int.TryParse(name, out _))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var state = afterName[0];
                var parent = afterName[1];
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline"));
                if (parent == self && state != "Z" && commandLine.Contains("ffmpeg", StringComparison.Ordinal) && commandLine.Contains("-pes_payload_size", StringComparison.Ordinal))
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours.
            }
        }

        return count;
    }

    /// <summary>Collects the encode modes ("Copy", "Transcode", "Slate") the sessions play until cancelled.</summary>
    public async Task WatchModesAsync(HashSet<string> modes, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var session in Sessions.Sessions())
            {
                if (session.Current is { } current)
                {
                    modes.Add(current.Mode);
                }
            }

            try
            {
                await Task.Delay(50, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > limit)
            {
                Assert.Fail($"Timed out after {limit.TotalSeconds:0} s waiting until {what}.");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }
}

public sealed record Recording(byte[] Bytes, TimeSpan? FirstByte)
{
    public TsReport Analyze() => TsAnalyzer.Analyze(Bytes);
}

/// <summary>Streaming tests run one at a time: they pace in real time and measure it.</summary>
[CollectionDefinition(Name)]
public sealed class StreamingCollection
{
    public const string Name = "Streaming (real time)";
}
