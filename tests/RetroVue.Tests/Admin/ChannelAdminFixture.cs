using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.App.Security;
using RetroVue.Domain.Library;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Admin;

/// <summary>A host with the admin set up and a small schedulable catalog: two shows with episodes and a movie.</summary>
public sealed class ChannelAdminFixture : IAsyncLifetime
{
    /// <summary>A show whose title would break a page that did not escape it.</summary>
    public const string DangerousShow = "<i>Zap!</i> & \"Friends\"";

    private static readonly DateTimeOffset Seeded = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private AdminHost? _host;

    public AdminHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public string Folder { get; } = Directory.CreateTempSubdirectory("rv-channels-").FullName;

    public List<Guid> CartoonAssets { get; } = [];

    public async Task InitializeAsync()
    {
        _host = await AdminHost.StartAsync();
        await _host.SetUpAdminAsync();
        await using var db = TestPostgres.CreateContext(_host.ConnectionString);
        var source = new Source("media", SourceKind.Filesystem, new Dictionary<string, string> { ["path"] = Folder, ["kind"] = "mixed" }, Seeded);
        db.Sources.Add(source);
        CartoonAssets.AddRange(Show(db, source, "Cosmic Cartoons", 12, TimeSpan.FromMinutes(22)));
        Show(db, source, DangerousShow, 6, TimeSpan.FromMinutes(25));
        var movie = new Title(TitleKind.Movie, "Saturday Matinee", 1962, Seeded);
        db.Titles.Add(movie);
        db.Assets.Add(Asset(source, "Saturday Matinee (1962).mkv", movie.Id, TimeSpan.FromMinutes(95)));
        await db.SaveChangesAsync();
    }

    public async Task<HttpClient> ScriptAsync()
    {
        var key = await Host.Services.GetRequiredService<ApiKeyService>().CreateAsync("channel tests", CancellationToken.None);
        var client = Host.NewBrowser();
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Secret);
        return client;
    }

    /// <summary>Everything the channel tables hold, to prove that a request changed nothing.</summary>
    public async Task<string> ChannelTablesAsync()
    {
        await using var db = TestPostgres.CreateContext(Host.ConnectionString);
        var channels = await db.Channels.AsNoTracking().OrderBy(c => c.StableId).ToListAsync();
        var playouts = await db.ChannelPlayouts.AsNoTracking().OrderBy(p => p.ChannelId).ToListAsync();
        var entries = await db.TimelineEntries.CountAsync();
        var review = await db.ReviewItems.CountAsync();
        return string.Join("\n", channels.Select(c => $"{c.StableId} {c.Number} {c.Name} {c.Enabled}"))
            + "\n" + string.Join("\n", playouts.Select(p => $"{p.ChannelId} {p.ScheduleYaml} {p.Version} {p.RebuildPending} {p.BuiltUntil}"))
            + $"\n{entries} entries, {review} review items";
    }

    public async Task<string?> StoredScheduleAsync(string number)
    {
        await using var db = TestPostgres.CreateContext(Host.ConnectionString);
        var channel = RetroVue.Domain.Scheduling.ChannelNumber.Parse(number);
        return await (from c in db.Channels
                      join p in db.ChannelPlayouts on c.Id equals p.ChannelId
                      where c.Number == channel
                      select p.ScheduleYaml).FirstOrDefaultAsync();
    }

    public async Task<int> TimelineEntriesAsync(string number)
    {
        await using var db = TestPostgres.CreateContext(Host.ConnectionString);
        var channel = RetroVue.Domain.Scheduling.ChannelNumber.Parse(number);
        return await (from c in db.Channels
                      join e in db.TimelineEntries on c.Id equals e.ChannelId
                      where c.Number == channel
                      select e).CountAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private static List<Guid> Show(RetroVue.Adapters.Persistence.RetroVueDbContext db, Source source, string name, int episodes, TimeSpan length)
    {
        var title = new Title(TitleKind.Show, name, 1987, Seeded);
        db.Titles.Add(title);
        var season = new Season(title.Id, 1);
        db.Seasons.Add(season);
        var assets = new List<Guid>();
        for (var e = 1; e <= episodes; e++)
        {
            var episode = new Episode(title.Id, season.Id, e, Seeded) { Name = $"Episode {e}" };
            db.Episodes.Add(episode);
            var asset = Asset(source, $"{name}/S01E{e:00}.mkv", title.Id, length);
            db.Assets.Add(asset);
            db.EpisodeAssets.Add(new EpisodeAsset(episode.Id, asset.Id));
            assets.Add(asset.Id);
        }

        return assets;
    }

    private static Asset Asset(Source source, string relative, Guid titleId, TimeSpan length)
    {
        var asset = new Asset(source.Id, $"{source.GetSetting("path")}/{relative}", new FileFingerprint(1000, Seeded), Seeded);
        asset.AssignTitle(titleId, Seeded);
        asset.CompleteProbe(
            new ProbeResult
            {
                Container = "matroska",
                Duration = length,
                Streams = [new MediaStream { Index = 0, Kind = StreamKind.Video, Codec = "h264", Width = 640, Height = 360 }],
            },
            Seeded);
        return asset;
    }
}

/// <summary>Schedule documents for the admin tests.</summary>
internal static class AdminSchedules
{
    public static string Cartoons(string number, string name = "Cartoon Channel", string extra = "") =>
        $"""
        # Channel {number}: cartoons all day
        channel:
          number: "{number}"
          name: {name}
          time_zone: UTC
        {extra}
        # The pools it plays from
        pools:
          - name: toons
            series: [Cosmic Cartoons]
          - name: zap
            series: ["<i>Zap!</i> & \"Friends\""]
        layers:
          - name: every day
            days: all
            blocks:
              - at: "06:00"
                kind: episodes
                pool: toons
                order: sequential
              - at: "18:00"
                kind: fill
                pool: zap
                order: sequential
        """;
}
