using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.Adapters;
using RetroVue.App;
using RetroVue.App.Ingest;
using RetroVue.App.Scheduling;
using RetroVue.App.Scheduling.Yaml;
using RetroVue.App.Sources;
using RetroVue.Domain.Library;
using RetroVue.Domain.Review;
using RetroVue.Domain.Scheduling;
using RetroVue.Tests.Cli;
using RetroVue.Tests.Support;
using Xunit.Abstractions;

namespace RetroVue.Tests.Streaming;

/// <summary>
/// The production way, end to end: generated files ingested into PostgreSQL, channels applied from YAML, timelines
/// built and stored, then the real `retrovue serve` program streams them over HTTP reading the stored timeline.
/// </summary>
[Collection(StreamingCollection.Name)]
public sealed class StoredTimelineStreamingTests(StoredLibraryServer library, ITestOutputHelper output) : IClassFixture<StoredLibraryServer>
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task A_tuned_channel_plays_the_stored_timeline_entry_on_air_across_a_seam_and_the_served_guide_names_it()
    {
        // As a player does: the playlist and the guide first, then the channel.
        using var http = new HttpClient();
        var playlist = await http.GetStringAsync($"{library.Server.BaseUrl}/iptv/channels.m3u");
        var guide = await http.GetStringAsync($"{library.Server.BaseUrl}/iptv/xmltv.xml");
        var (onAir, tunedAt) = await WaitForProgrammeWithTimeLeftAsync(StoredLibraryServer.Shows);
        var recordFor = onAir.End - tunedAt + TimeSpan.FromSeconds(4);

        var recorded = await RecordAsync(StoredLibraryServer.Shows, recordFor);

        Assert.Contains($"{library.Server.BaseUrl}/iptv/channel/{StoredLibraryServer.Shows}.ts", playlist, StringComparison.Ordinal);

        var report = recorded.Analyze();
        report.AssertClean();
        Assert.Equal("Stored Shows", report.ServiceName);
        var untilSeam = (onAir.End - tunedAt).TotalSeconds;
        Assert.True(report.VideoSeconds > untilSeam + 1, $"the stream did not cross the seam {untilSeam:0.0} s after tuning in: {report}");

        var source = await library.QueryAsync(db => db.Assets.Where(a => a.Id == onAir.AssetId).Select(a => a.CanonicalPath).SingleAsync());
        var shown = await ContentClock.FirstFramePositionAsync(source, 25, recorded.Bytes, library.Media.Path);
        var expected = TimeSpan.FromSeconds(onAir.InPointSeconds) + (tunedAt - onAir.Start);
        output.WriteLine($"tuned {expected.TotalSeconds:0.00} s into {Path.GetFileName(source)}; first picture at {shown.TotalSeconds:0.00} s; first byte after {recorded.FirstByte?.TotalSeconds:0.00} s");
        Assert.True(Math.Abs((shown - expected).TotalSeconds) <= 0.5, $"showed {shown.TotalSeconds:0.00} s of {Path.GetFileName(source)}, the stored timeline was at {expected.TotalSeconds:0.00} s (first byte after {recorded.FirstByte?.TotalSeconds:0.00} s)");

        // The episodes last 7.5, 6.5 and 8 s (plus a frame): each following one starts on a whole second after a short slate.
        var stored = await library.QueryAsync(db => db.TimelineEntries.Where(e => e.Start >= onAir.Start && e.Start < onAir.Start.AddMinutes(2)).OrderBy(e => e.Start).ToListAsync());
        Assert.Contains(stored, e => e.Kind == TimelineEntryKind.Slate && e.Duration < TimeSpan.FromSeconds(1));
        Assert.All(stored.Where(e => e.Kind == TimelineEntryKind.Program), e => Assert.True(GuideTime.IsWholeSecond(e.Start), $"{e.SubTitle} starts at {e.Start:O}"));

        var tv = XDocument.Parse(guide).Root!;
        var channelId = (string)tv.Elements("channel").Single(c => c.Elements("display-name").Any(d => d.Value == StoredLibraryServer.Shows)).Attribute("id")!;
        var programme = tv.Elements("programme").Single(p => (string)p.Attribute("channel")! == channelId
            && Xmltv((string)p.Attribute("start")!) <= tunedAt && tunedAt < Xmltv((string)p.Attribute("stop")!));
        Assert.Equal(onAir.Title, programme.Element("title")!.Value);
        Assert.Equal(onAir.SubTitle, programme.Element("sub-title")!.Value);
    }

    [Fact]
    public async Task A_file_missing_at_play_time_airs_as_the_slate_and_becomes_one_playback_failed_review_item_however_often_it_plays()
    {
        var tunedAt = DateTimeOffset.UtcNow;
        var recordFor = TimeSpan.FromSeconds(13);

        var recorded = await RecordAsync(StoredLibraryServer.Gone, recordFor);

        var report = recorded.Analyze();
        report.AssertClean();
        Assert.True(report.VideoSeconds > 8, "the stream stopped: " + report);
        var plays = await library.QueryAsync(db => db.TimelineEntries
            .Where(e => e.AssetId == library.MissingAsset && e.End > tunedAt && e.Start < tunedAt + recordFor)
            .CountAsync());
        Assert.True(plays >= 2, $"the missing file was due only {plays} time(s) while the channel was watched");
        await StreamingHarness.WaitUntilAsync(
            () => library.QueryAsync(db => db.ReviewItems.AnyAsync(r => r.AssetId == library.MissingAsset)).GetAwaiter().GetResult(),
            WaitLimit,
            "the missing file is in the review queue");
        var review = await library.QueryAsync(db => db.ReviewItems.Where(r => r.AssetId == library.MissingAsset).ToListAsync());
        var item = Assert.Single(review);
        Assert.Equal(ReviewReason.PlaybackFailed, item.Reason);
        Assert.Equal(ReviewStatus.Pending, item.Status);
        Assert.Contains(library.MissingPath, item.Details, StringComparison.Ordinal);
    }

    private Task<Recording> RecordAsync(string channel, TimeSpan duration) =>
        StreamingHarness.RecordUrlAsync($"{library.Server.BaseUrl}/iptv/channel/{channel}.ts", duration);

    /// <summary>
    /// Waits for a moment well inside a programme entry (not its alignment slate, not its last seconds), so the first
    /// picture and the seam after it are both in the recording; returns the stored entry on air and that moment.
    /// </summary>
    private async Task<(TimelineEntryView OnAir, DateTimeOffset At)> WaitForProgrammeWithTimeLeftAsync(string channel)
    {
        var timeline = library.Services.GetRequiredService<TimelineQueries>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < WaitLimit)
        {
            var now = await timeline.NowAsync(ChannelNumber.Parse(channel), null, 0, CancellationToken.None);
            var current = now.Current;
            var elapsed = now.At - current.Start;
            if (current.Kind == TimelineEntryKind.Program && elapsed >= TimeSpan.FromSeconds(0.5) && current.End - now.At >= TimeSpan.FromSeconds(3))
            {
                return (current, DateTimeOffset.UtcNow);
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"Channel {channel} never had a programme on air with three seconds left.");
    }

    private static DateTimeOffset Xmltv(string text) =>
        DateTimeOffset.ParseExact(text, "yyyyMMddHHmmss zzz", CultureInfo.InvariantCulture);
}

/// <summary>
/// A generated library ingested into a fresh database, two channels applied and built (one whose only file is
/// deleted after the build), and the real server running over it.
/// </summary>
public sealed class StoredLibraryServer : IAsyncLifetime
{
    public const string Shows = "2";
    public const string Gone = "3";

    private ServiceProvider? _services;
    private RetroVueServer? _server;
    private string? _connectionString;

    public TestMediaFolder Media { get; } = TestMedia.CreateFolder();
    public IServiceProvider Services => _services!;
    public RetroVueServer Server => _server!;
    public string MissingPath { get; private set; } = "";
    public Guid MissingAsset { get; private set; }

    public async Task InitializeAsync()
    {
        var shows = Path.Combine(Media.Path, "Shows");
        var season = Directory.CreateDirectory(Path.Combine(shows, "Test Show", "Season 01")).FullName;
        var gone = Directory.CreateDirectory(Path.Combine(shows, "Gone Show", "Season 01")).FullName;
        MissingPath = Path.Combine(gone, "Gone Show - S01E01 - Vanishing.mp4");
        await Task.WhenAll(
            TestMedia.VideoAsync(Path.Combine(season, "Test Show - S01E01 - Pilot.mp4"), seconds: 7.5, width: 640, height: 360),
            TestMedia.VideoAsync(Path.Combine(season, "Test Show - S01E02 - Second.mp4"), seconds: 6.5, width: 640, height: 360),
            TestMedia.VideoAsync(Path.Combine(season, "Test Show - S01E03 - Third.mp4"), seconds: 8, width: 640, height: 360),
            TestMedia.VideoAsync(MissingPath, seconds: 5, width: 640, height: 360));

        // A short horizon: 6-8 s programmes fill a quarter of an hour with a hundred entries.
        var settings = new Dictionary<string, string?> { ["Playout:HorizonDays"] = "0.01" };
        _connectionString = await TestPostgres.CreateDatabaseAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddRetroVueApp(configuration)
            .AddRetroVueAdapters(configuration, _connectionString)
            .BuildServiceProvider();

        await _services.GetRequiredService<SourceService>().AddFilesystemAsync("lib", shows, SourceContentKind.Shows, CancellationToken.None);
        var ingest = await _services.GetRequiredService<IngestService>().IngestAsync("lib", null, CancellationToken.None);
        Assert.Equal(4, ingest.Probed);
        await _services.GetRequiredService<ChannelService>().ApplyAsync(
            [new ScheduleSource("shows.yaml", QuarterHourChannel.Yaml(Shows, "Stored Shows", "Test Show")), new ScheduleSource("gone.yaml", QuarterHourChannel.Yaml(Gone, "Stored Gone", "Gone Show"))],
            CancellationToken.None);
        var built = await _services.GetRequiredService<PlayoutService>().BuildAsync(new PlayoutRequest(null, null, Reset: false), CancellationToken.None);
        Assert.All(built, b => Assert.NotEqual(PlayoutAction.Failed, b.Action));
        MissingAsset = await QueryAsync(db => db.Assets.Where(a => a.CanonicalPath == MissingPath).Select(a => a.Id).SingleAsync());
        File.Delete(MissingPath);

        _server = await RetroVueServer.StartAsync(_connectionString, new Dictionary<string, string>
        {
            ["Playout:HorizonDays"] = "0.01",
            ["Streaming:GraceSeconds"] = "2",
        });

        // A first tune pays for the server's cold start (JIT, first queries); the join tests measure the tune after it.
        await StreamingHarness.RecordUrlAsync($"{Server.BaseUrl}/iptv/channel/{Gone}.ts", TimeSpan.FromSeconds(2));
    }

    public async Task<T> QueryAsync<T>(Func<Adapters.Persistence.RetroVueDbContext, Task<T>> query)
    {
        await using var db = TestPostgres.CreateContext(_connectionString!);
        return await query(db);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        Media.Dispose();
    }
}
