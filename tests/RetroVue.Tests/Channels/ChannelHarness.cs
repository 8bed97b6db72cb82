using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.Adapters;
using RetroVue.Adapters.Persistence;
using RetroVue.App;
using RetroVue.App.Scheduling;
using RetroVue.App.Scheduling.Yaml;
using RetroVue.Domain.Library;
using RetroVue.Domain.Scheduling;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Channels;

/// <summary>The real channel, playout and guide services over a fresh database, a catalog seeded in it, and a hand-moved clock.</summary>
public sealed class ChannelHarness : IAsyncDisposable
{
    /// <summary>A Monday, 06:00 UTC: the start of a broadcast day on a UTC channel.</summary>
    public static readonly DateTimeOffset Monday6 = new(2025, 1, 6, 6, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;
    private Guid? _sourceId;

    private ChannelHarness(ServiceProvider services, string connectionString, ManualClock clock)
    {
        _services = services;
        ConnectionString = connectionString;
        Clock = clock;
    }

    public string ConnectionString { get; }
    public ManualClock Clock { get; }
    public IServiceProvider Services => _services;
    public ChannelService Channels => Get<ChannelService>();
    public PlayoutService Playout => Get<PlayoutService>();
    public TimelineQueries Timeline => Get<TimelineQueries>();

    public static async Task<ChannelHarness> CreateAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var clock = new ManualClock(Monday6.AddMinutes(10));
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton<IConfiguration>(configuration)
            .AddRetroVueApp(configuration)
            .AddRetroVueAdapters(configuration, connectionString);
        configure?.Invoke(services);
        return new ChannelHarness(services.BuildServiceProvider(), connectionString, clock);
    }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public Task<IReadOnlyList<AppliedChannel>> ApplyAsync(params (string File, string Yaml)[] files) =>
        Channels.ApplyAsync(files.Select(f => new ScheduleSource(f.File, f.Yaml)).ToList(), CancellationToken.None);

    public Task<IReadOnlyList<PlayoutResult>> BuildAsync(string? channel = null, double? days = null, bool reset = false) =>
        Playout.BuildAsync(new PlayoutRequest(channel is null ? null : ChannelNumber.Parse(channel), days is { } d ? TimeSpan.FromDays(d) : null, reset), CancellationToken.None);

    /// <summary>A show with playable episodes of the given length; returns the asset ids in series order.</summary>
    public async Task<List<Guid>> ShowAsync(string name, int seasons, int episodes, TimeSpan length, string? summary = null)
    {
        await using var db = Context();
        var source = await SourceAsync(db);
        var title = new Title(TitleKind.Show, name, null, Monday6) { Summary = summary };
        db.Titles.Add(title);
        var assets = new List<Guid>();
        for (var s = 1; s <= seasons; s++)
        {
            var season = new Season(title.Id, s);
            db.Seasons.Add(season);
            for (var e = 1; e <= episodes; e++)
            {
                var episode = new Episode(title.Id, season.Id, e, Monday6) { Name = $"{name} {s}x{e}", Summary = e == 1 ? $"Episode one of season {s} & more <fun>" : null, AirDate = new DateOnly(1990 + s, 1, 1).AddDays(e - 1) };
                db.Episodes.Add(episode);
                var asset = Asset(source, $"{name}/S{s:00}E{e:00}.mkv", title.Id, length);
                db.Assets.Add(asset);
                db.EpisodeAssets.Add(new EpisodeAsset(episode.Id, asset.Id));
                assets.Add(asset.Id);
            }
        }

        await db.SaveChangesAsync();
        return assets;
    }

    public async Task<Guid> MovieAsync(string name, int year, TimeSpan length, string? summary = null)
    {
        await using var db = Context();
        var source = await SourceAsync(db);
        var title = new Title(TitleKind.Movie, name, year, Monday6) { Summary = summary };
        db.Titles.Add(title);
        var asset = Asset(source, $"movies/{name}.mkv", title.Id, length);
        db.Assets.Add(asset);
        await db.SaveChangesAsync();
        return asset.Id;
    }

    public async Task AlterAssetAsync(Guid assetId, Action<Asset> change)
    {
        await using var db = Context();
        var asset = await db.Assets.SingleAsync(a => a.Id == assetId);
        change(asset);
        await db.SaveChangesAsync();
    }

    public async Task<T> QueryAsync<T>(Func<RetroVueDbContext, Task<T>> query)
    {
        await using var db = Context();
        return await query(db);
    }

    public Task<List<StoredTimelineEntry>> TimelineAsync(string number) =>
        QueryAsync(async db =>
        {
            var channel = ChannelNumber.Parse(number);
            var id = await db.Channels.Where(c => c.Number == channel).Select(c => c.Id).SingleAsync();
            return await db.TimelineEntries.AsNoTracking().Where(e => e.ChannelId == id).OrderBy(e => e.Start).ToListAsync();
        });

    /// <summary>Everything the channel tables hold, to prove a failed apply changed nothing.</summary>
    public Task<string> ChannelTablesAsync() =>
        QueryAsync(async db =>
        {
            var channels = await db.Channels.AsNoTracking().OrderBy(c => c.StableId).ToListAsync();
            var playouts = await db.ChannelPlayouts.AsNoTracking().OrderBy(p => p.ChannelId).ToListAsync();
            var entries = await db.TimelineEntries.CountAsync();
            return string.Join("\n", channels.Select(c => $"{c.StableId} {c.Number} {c.Name} {c.TimeZoneId} {c.GridMinutes}"))
                + "\n" + string.Join("\n", playouts.Select(p => $"{p.ChannelId} {p.ScheduleYaml} {p.Version} {p.RebuildPending}"))
                + $"\n{entries}";
        });

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    private static Asset Asset(Source source, string path, Guid titleId, TimeSpan length)
    {
        var asset = new Asset(source.Id, "/media/" + path, new FileFingerprint(1000, Monday6), Monday6);
        asset.AssignTitle(titleId, Monday6);
        asset.CompleteProbe(
            new ProbeResult
            {
                Container = "matroska",
                Duration = length,
                Streams = [new MediaStream { Index = 0, Kind = StreamKind.Video, Codec = "h264", Width = 640, Height = 360 }],
            },
            Monday6);
        return asset;
    }

    /// <summary>Makes the assets created from now on belong to a Plex source at <paramref name="url"/> with <paramref name="token"/>.</summary>
    public async Task UsePlexSourceAsync(Uri url, string token)
    {
        await using var db = Context();
        var source = new Source("plex", SourceKind.Plex, new Dictionary<string, string> { ["url"] = url.ToString(), ["token"] = token }, Monday6);
        db.Sources.Add(source);
        await db.SaveChangesAsync();
        _sourceId = source.Id;
    }

    private async Task<Source> SourceAsync(RetroVueDbContext db)
    {
        if (_sourceId is { } id)
        {
            return await db.Sources.SingleAsync(s => s.Id == id);
        }

        var source = new Source("lib", SourceKind.Filesystem, new Dictionary<string, string> { ["path"] = "/media" }, Monday6);
        db.Sources.Add(source);
        _sourceId = source.Id;
        return source;
    }

    private RetroVueDbContext Context() => TestPostgres.CreateContext(ConnectionString);
}

/// <summary>Schedule documents for the tests.</summary>
internal static class Yamls
{
    /// <summary>Sitcom episodes from 06:00 padded with ads (5 min cooldown), shuffled sitcoms from 18:00, a movie marathon from 20:00.</summary>
    public const string SitcomsFillerAndMovies = """
        pools:
          - name: sitcom
            series: [Sitcom]
          - name: ads
            series: [Ads]
          - name: movies
            movies: true
        filler:
          pad: ads
          cooldown: 5m
        layers:
          - name: every day
            days: all
            blocks:
              - at: "06:00"
                kind: episodes
                pool: sitcom
                order: sequential
              - at: "18:00"
                kind: fill
                pool: sitcom
                order: shuffle
              - at: "20:00"
                kind: marathon
                pool: movies
        """;

    public static string Channel(string number, string name, string body, string zone = "UTC", int grid = 30, string? id = null) =>
        $"""
        # channel {number} for tests
        channel:
        {(id is null ? "" : $"  id: {id}\n")}  number: "{number}"
          name: {name}
          time_zone: {zone}
          grid_minutes: {grid}
        {body}
        """;

    /// <summary>Sequential episodes of "Sitcom" every half hour, all day.</summary>
    public static string Sitcoms(string number = "2", string name = "Sitcoms", string? id = null) => Channel(number, name, """
        pools:
          - name: sitcom
            series: [Sitcom]
        layers:
          - name: every day
            days: all
            blocks:
              - at: "06:00"
                kind: episodes
                pool: sitcom
                order: sequential
        """, id: id);
}
