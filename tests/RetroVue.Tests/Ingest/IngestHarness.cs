using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.Adapters;
using RetroVue.Adapters.Media.Probing;
using RetroVue.Adapters.Persistence;
using RetroVue.App;
using RetroVue.App.Ingest;
using RetroVue.App.Sources;
using RetroVue.Domain.Library;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Ingest;

/// <summary>The real ingest services over a fresh test database and a temp media folder.</summary>
public sealed class IngestHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private IngestHarness(ServiceProvider services, string connectionString, string root)
    {
        _services = services;
        ConnectionString = connectionString;
        Root = root;
    }

    public string ConnectionString { get; }
    public string Root { get; }

    public IngestService Ingest => _services.GetRequiredService<IngestService>();
    public SourceService Sources => _services.GetRequiredService<SourceService>();
    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public long ProbeCalls => _services.GetServices<IAssetEnricher>().OfType<FfprobeEnricher>().Single().Invocations;

    public static async Task<IngestHarness> CreateAsync(IDictionary<string, string?>? settings = null)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddRetroVueApp(configuration)
            .AddRetroVueAdapters(configuration, connectionString)
            .BuildServiceProvider();
        var root = Directory.CreateTempSubdirectory("rv-ingest-").FullName;
        return new IngestHarness(services, connectionString, root);
    }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public string Folder(string relative)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(path);
        return path;
    }

    public Task<string> VideoAsync(string relative, double seconds = 1, int width = 160, int height = 90, string frameRate = "25", TestAudio audio = TestAudio.Stereo, IReadOnlyList<TestChapter>? chapters = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(relative))!);
        return TestMedia.VideoAsync(PathOf(relative), seconds, width, height, frameRate, audio, chapters);
    }

    public Task AddSourceAsync(string name = "lib", SourceContentKind kind = SourceContentKind.Mixed) =>
        Sources.AddFilesystemAsync(name, Root, kind, CancellationToken.None);

    public Task<IngestSummary> RunAsync(string name = "lib", IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Ingest.IngestAsync(name, progress, cancellationToken);

    public async Task<T> QueryAsync<T>(Func<RetroVueDbContext, Task<T>> query)
    {
        await using var db = TestPostgres.CreateContext(ConnectionString);
        return await query(db);
    }

    public Task<List<Asset>> AssetsAsync() => QueryAsync(db => db.Assets.AsNoTracking().OrderBy(a => a.CanonicalPath).ToListAsync());

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
