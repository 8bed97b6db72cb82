using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RetroVue.Adapters;
using RetroVue.Adapters.Media.Probing;
using RetroVue.Adapters.Persistence;
using RetroVue.Adapters.Plex;
using RetroVue.App;
using RetroVue.App.Ingest;
using RetroVue.Domain.Library;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Plex.Support;

/// <summary>
/// The real ingest pipeline (Plex importer, ingest service, ffprobe, PostgreSQL) against a fake Plex server whose
/// library a test can edit between syncs. Every log line is captured.
/// </summary>
public sealed class PlexSyncHarness : IAsyncDisposable
{
    public const string SourceName = "plex";

    private readonly ServiceProvider _services;

    private PlexSyncHarness(ServiceProvider services, FakePlexServer server, string connectionString, CapturingLoggerProvider logs)
    {
        _services = services;
        Server = server;
        ConnectionString = connectionString;
        Logs = logs;
    }

    public FakePlexServer Server { get; }
    public string ConnectionString { get; }
    public CapturingLoggerProvider Logs { get; }

    /// <summary>The episodes served as section "2" ("TV Shows"), in the order Plex lists them; edit, then call <see cref="Publish"/>.</summary>
    public List<JsonObject> Episodes { get; } = [];

    public List<JsonObject> Shows { get; } = [];

    public List<JsonObject> Movies { get; } = [];

    public long ProbeCalls => _services.GetServices<IAssetEnricher>().OfType<FfprobeEnricher>().Single().Invocations;

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public static async Task<PlexSyncHarness> CreateAsync(IDictionary<string, string?>? settings = null)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var server = await FakePlexServer.StartAsync();
        var values = new Dictionary<string, string?>
        {
            ["Plex:ClientIdentifier"] = "retrovue-test-client",
            ["Plex:RequestTimeout"] = "00:00:02",
            ["Plex:RetryBaseDelay"] = "00:00:00.010",
            ["Plex:MaxRetries"] = "1",
            ["Sources:AllowLoopback"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddRetroVueApp(configuration)
            .AddRetroVueAdapters(configuration, connectionString)
            .BuildServiceProvider();
        server.SetSections(("1", "movie", "Movies"), ("2", "show", "TV Shows"));
        return new PlexSyncHarness(services, server, connectionString, logs);
    }

    /// <summary>Serves <paramref name="shows"/> x <paramref name="episodesPerShow"/> episodes with files under <paramref name="fileRoot"/>.</summary>
    public void ServeShows(int shows, int episodesPerShow, string fileRoot = "/data/tv")
    {
        for (var show = 0; show < shows; show++)
        {
            Shows.Add(GeneratedLibrary.Show(show));
            for (var episode = 1; episode <= episodesPerShow; episode++)
            {
                Episodes.Add(GeneratedLibrary.Episode(show, episode, fileRoot));
            }
        }

        Publish();
    }

    /// <summary>Makes the fake server serve the current lists.</summary>
    public void Publish()
    {
        Server.SetItems("2", 2, Shows.Cast<JsonNode>().ToList());
        Server.SetItems("2", 4, Episodes.Cast<JsonNode>().ToList());
        Server.SetItems("1", 1, Movies.Cast<JsonNode>().ToList());
    }

    public JsonObject Episode(int show, int episode) =>
        Episodes.Single(e => (string?)e["ratingKey"] == GeneratedLibrary.EpisodeKey(show, episode));

    public Task AddSourceAsync(IReadOnlyList<string>? libraries = null, IReadOnlyList<string>? pathMaps = null) =>
        Get<PlexSourceSetup>().AddAsync(new PlexSourceRequest(SourceName, Server.BaseUri.ToString(), Server.Token, libraries ?? [], pathMaps ?? []), CancellationToken.None);

    public Task<IngestSummary> SyncAsync(IngestMode mode = IngestMode.Full, CancellationToken cancellationToken = default) =>
        Get<IngestService>().IngestAsync(SourceName, new IngestRequest(mode), null, cancellationToken);

    public async Task<T> QueryAsync<T>(Func<RetroVueDbContext, Task<T>> query)
    {
        await using var db = TestPostgres.CreateContext(ConnectionString);
        return await query(db);
    }

    public Task<List<Asset>> AssetsAsync() => QueryAsync(db => db.Assets.AsNoTracking().OrderBy(a => a.CanonicalPath).ToListAsync());

    public Task ChangeSettingAsync(string key, string value) =>
        QueryAsync(async db =>
        {
            var source = await db.Sources.SingleAsync(s => s.Name == SourceName);
            source.SetSetting(key, value);
            return await db.SaveChangesAsync();
        });

    private static readonly string[] CatalogTables =
        ["sources", "path_mappings", "titles", "seasons", "episodes", "assets", "episode_assets", "provider_refs", "markers", "review_items"];

    /// <summary>Every catalog row version as one string: row count plus the newest writing transaction of each table.</summary>
    public Task<string> CatalogWritesAsync() =>
        QueryAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            var parts = new List<string>();
            foreach (var table in CatalogTables)
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = $"SELECT count(*) || ':' || coalesce(max(xmin::text::bigint), 0) FROM {table}";
                parts.Add($"{table}={await command.ExecuteScalarAsync()}");
            }

            return string.Join(' ', parts);
        });

    /// <summary>The ids of the asset rows a transaction after <paramref name="sinceXmin"/> wrote.</summary>
    public Task<List<string>> AssetsWrittenAfterAsync(long sinceXmin) =>
        QueryAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"SELECT canonical_path FROM assets WHERE xmin::text::bigint > {sinceXmin} ORDER BY canonical_path";
            var paths = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                paths.Add(reader.GetString(0));
            }

            return paths;
        });

    public Task<long> NewestAssetXminAsync() =>
        QueryAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "SELECT coalesce(max(xmin::text::bigint), 0) FROM assets";
            return (long)(await command.ExecuteScalarAsync())!;
        });

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Server.DisposeAsync();
    }
}
