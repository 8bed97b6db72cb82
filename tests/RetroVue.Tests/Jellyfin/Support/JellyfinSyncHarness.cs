using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RetroVue.Adapters;
using RetroVue.Adapters.Media.Probing;
using RetroVue.Adapters.Persistence;
using RetroVue.App;
using RetroVue.App.Ingest;
using RetroVue.App.Library;
using RetroVue.App.Sources;
using RetroVue.Domain.Library;
using RetroVue.Tests.Plex.Support;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Jellyfin.Support;

/// <summary>The real ingest pipeline (Jellyfin/Emby importer, ingest service, PostgreSQL) against a fake server a test can edit between syncs.</summary>
public sealed class JellyfinSyncHarness : IAsyncDisposable
{
    public const string SourceName = "den";
    public const string TvLibrary = "lib-tv";
    public const string MovieLibrary = "lib-movies";

    private readonly ServiceProvider _services;

    private JellyfinSyncHarness(ServiceProvider services, FakeJellyfinServer server, string connectionString, CapturingLoggerProvider logs)
    {
        _services = services;
        Server = server;
        ConnectionString = connectionString;
        Logs = logs;
    }

    public FakeJellyfinServer Server { get; }
    public string ConnectionString { get; }
    public CapturingLoggerProvider Logs { get; }

    public SourceKind Kind => Server.IsEmby ? SourceKind.Emby : SourceKind.Jellyfin;

    public long ProbeCalls => _services.GetServices<IAssetEnricher>().OfType<FfprobeEnricher>().Single().Invocations;

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public static async Task<JellyfinSyncHarness> CreateAsync(bool emby = false)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var server = await FakeJellyfinServer.StartAsync(emby);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Jellyfin:RequestTimeout"] = "00:00:02",
            ["Jellyfin:RetryBaseDelay"] = "00:00:00.010",
            ["Jellyfin:MaxRetries"] = "1",
            ["Jellyfin:PageSize"] = "50",
            ["Sources:AllowLoopback"] = "true",
        }).Build();
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddRetroVueApp(configuration)
            .AddRetroVueAdapters(configuration, connectionString)
            .BuildServiceProvider();
        server.AddLibrary(MovieLibrary, "Movies", "movies");
        server.AddLibrary(TvLibrary, "TV Shows", "tvshows");
        return new JellyfinSyncHarness(services, server, connectionString, logs);
    }

    /// <summary>Serves <paramref name="shows"/> series with <paramref name="episodesPerShow"/> episodes each in the TV library.</summary>
    public void ServeShows(int shows, int episodesPerShow, string root = "/media/tv")
    {
        var items = Server.ItemsOf(TvLibrary);
        for (var show = 0; show < shows; show++)
        {
            items.Add(JellyfinPayloads.Series(show));
            for (var episode = 1; episode <= episodesPerShow; episode++)
            {
                items.Add(JellyfinPayloads.Episode(show, episode, root));
            }
        }
    }

    /// <summary>Adds the source through the one App path every front end uses (<see cref="SourceEditor"/>).</summary>
    public Task<SourceSummary> AddSourceAsync(string? libraries = null, IReadOnlyList<PathMappingView>? pathMaps = null, string? apiKey = null, Uri? url = null) =>
        Get<SourceEditor>().AddMediaServerAsync(
            new MediaServerSourceInput(Kind, SourceName, (url ?? Server.BaseUri).ToString(), apiKey ?? Server.ApiKey, libraries, pathMaps ?? []),
            CancellationToken.None);

    public Task<IngestSummary> SyncAsync(IngestMode mode = IngestMode.Full) =>
        Get<IngestService>().IngestAsync(SourceName, new IngestRequest(mode), null, CancellationToken.None);

    public async Task<T> QueryAsync<T>(Func<RetroVueDbContext, Task<T>> query)
    {
        await using var db = TestPostgres.CreateContext(ConnectionString);
        return await query(db);
    }

    public Task<List<Asset>> AssetsAsync() => QueryAsync(db => db.Assets.AsNoTracking().OrderBy(a => a.CanonicalPath).ToListAsync());

    public Task<int> ActiveAssetsAsync() => QueryAsync(db => db.Assets.CountAsync(a => a.State != AssetState.Retired));

    public Task ChangeSettingAsync(string key, string value) =>
        QueryAsync(async db =>
        {
            var source = await db.Sources.SingleAsync(s => s.Name == SourceName);
            source.SetSetting(key, value);
            return await db.SaveChangesAsync();
        });

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Server.DisposeAsync();
    }
}
