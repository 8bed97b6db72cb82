using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RetroVue.Adapters;
using RetroVue.App.Common;
using RetroVue.Domain.Library;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Persistence;

/// <summary>
/// A unit of work that adds many catalog rows writes them with binary COPY (docs/development.md, "Bulk catalog writes"); what it
/// wrote must read back through EF exactly as rows EF inserted itself would.
/// </summary>
public sealed class BulkCatalogWriteTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 20, 0, 0, TimeSpan.Zero);

    private static async Task<(IUnitOfWork UnitOfWork, string ConnectionString)> CreateAsync()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var services = new ServiceCollection()
            .AddLogging()
            .AddRetroVueAdapters(new ConfigurationBuilder().Build(), connectionString)
            .BuildServiceProvider();
        return (services.GetRequiredService<IUnitOfWork>(), connectionString);
    }

    private static ProbeResult Facts(int width) => new()
    {
        Container = "matroska,webm",
        Duration = TimeSpan.FromMinutes(22.5),
        BitRate = 4_000_000,
        Streams =
        [
            new MediaStream { Index = 0, Kind = StreamKind.Video, Codec = "h264", Profile = "High", Width = width, Height = 720, FrameRate = 23.976, PixelFormat = "yuv420p", IsDefault = true },
            new MediaStream { Index = 1, Kind = StreamKind.Audio, Codec = "aac", Channels = 6, SampleRate = 48000, Language = "jpn", Title = "Director's \"cut\" ✓", BitRate = 384_000 },
            new MediaStream { Index = 2, Kind = StreamKind.Subtitle, Codec = "ass", Language = "eng", IsForced = true },
        ],
    };

    /// <summary>One show with <paramref name="episodes"/> episodes, each with its file, link, ids, a marker and the show's genres.</summary>
    private static Func<IRetroVueDbContext, CancellationToken, Task<List<Guid>>> AddShow(Guid sourceId, string name, int episodes) => (db, _) =>
    {
        var title = new Title(TitleKind.Show, name, 1989, Now)
        {
            Summary = "A summary with 'quotes', a tab\tand émoji 📺",
            ContentRating = "TV-PG",
            CommunityRating = 8.25,
            Poster = ArtworkRef.LocalFile(sourceId, "/media/poster.jpg"),
        };
        db.Titles.Add(title);
        db.TitleTags.Add(new TitleTag(title.Id, sourceId, TagKind.Genre, TagName.FromSource("Science Fiction")!.Value));
        db.TitleTags.Add(new TitleTag(title.Id, sourceId, TagKind.Studio, TagName.FromSource("BBC")!.Value));
        db.ProviderRefs.Add(ProviderRef.ForTitle(title.Id, Providers.Tvdb, "71663"));
        var season = new Season(title.Id, 1) { Name = "Season 1" };
        db.Seasons.Add(season);
        var assets = new List<Guid>();
        for (var number = 1; number <= episodes; number++)
        {
            var episode = new Episode(title.Id, season.Id, number, Now)
            {
                Name = $"Episode {number}",
                AirDate = new DateOnly(1989, 9, number % 28 + 1),
                Still = number % 2 == 0 ? ArtworkRef.LocalFile(sourceId, $"/media/still{number}.jpg") : null,
            };
            db.Episodes.Add(episode);
            var asset = new Asset(sourceId, $"/media/{name}/e{number:000}.mkv", FileFingerprint.Of(1_000_000 + number, Now.AddDays(-number)), Now, $"fp-{number}");
            asset.CompleteProbe(Facts(1280 + number), Now);
            asset.AssignTitle(title.Id, Now);
            db.Assets.Add(asset);
            db.EpisodeAssets.Add(new EpisodeAsset(episode.Id, asset.Id));
            db.ProviderRefs.Add(ProviderRef.ForEpisode(episode.Id, Providers.Tvdb, $"e{number}"));
            db.Markers.Add(new Marker(asset.Id, MarkerKind.Chapter, TimeSpan.FromSeconds(90.5), TimeSpan.FromSeconds(120), "Intro"));
            assets.Add(asset.Id);
        }

        return Task.FromResult(assets);
    };

    private static async Task<Guid> AddSourceAsync(IUnitOfWork unitOfWork)
    {
        var source = new Source("lib", SourceKind.Filesystem, new Dictionary<string, string> { ["path"] = "/media" }, Now);
        await unitOfWork.ExecuteAsync((db, _) => Task.FromResult(db.Sources.Add(source)), CancellationToken.None);
        return source.Id;
    }

    /// <summary>Every row of the table as JSON, one per line, without the columns that hold generated ids.</summary>
    private static async Task<string> RowsAsync(string connectionString, Guid sourceId, string table, string order, string[] ids)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var sql = $"SELECT coalesce(string_agg((to_jsonb(t) - '{{{string.Join(',', ids)}}}'::text[])::text, E'\\n' ORDER BY {order}), '') FROM {table} t";
        await using var command = new NpgsqlCommand(sql, connection);
        // Artwork references name their source.
        return ((string)(await command.ExecuteScalarAsync())!).Replace(sourceId.ToString("N"), "SOURCE", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_added_rows_read_back_exactly_as_rows_EF_inserts_one_by_one()
    {
        var (bulk, bulkDatabase) = await CreateAsync();
        var (single, singleDatabase) = await CreateAsync();

        // The same catalog, once large enough to be copied and once written a row at a time (below the threshold per unit).
        var bulkSource = await AddSourceAsync(bulk);
        var singleSource = await AddSourceAsync(single);
        var bulkAssets = await bulk.ExecuteAsync(AddShow(bulkSource, "Show", 40), CancellationToken.None);
        await using (var db = TestPostgres.CreateContext(singleDatabase))
        {
            // EF alone, through a context that does not copy.
            await AddShow(singleSource, "Show", 40)(db, CancellationToken.None);
            await db.SaveChangesAsync();
        }

        await using var read = TestPostgres.CreateContext(bulkDatabase);
        var assets = await read.Assets.AsNoTracking().Where(a => bulkAssets.Contains(a.Id)).ToListAsync();
        Assert.Equal(40, assets.Count);
        Assert.All(assets, a => Assert.Equal(Facts(a.Streams[0].Width!.Value).Streams, a.Streams));
        Assert.All(assets, a => Assert.Equal(AssetState.Ready, a.State));

        // Every column of every table, ids aside (each database made its own), is the same.
        foreach (var (table, order, ids) in new[]
        {
            ("titles", "name", new[] { "id" }),
            ("title_tags", "kind, normalized_name", new[] { "title_id", "source_id" }),
            ("seasons", "number", new[] { "id", "title_id" }),
            ("episodes", "number", new[] { "id", "title_id", "season_id" }),
            ("assets", "canonical_path", new[] { "id", "source_id", "title_id" }),
            ("markers", "label, start", new[] { "id", "asset_id" }),
        })
        {
            Assert.Equal(await RowsAsync(singleDatabase, singleSource, table, order, ids), await RowsAsync(bulkDatabase, bulkSource, table, order, ids));
        }

        Assert.Equal(41, await read.ProviderRefs.CountAsync());
        Assert.Equal(40, await read.EpisodeAssets.CountAsync());
    }

    [Fact]
    public async Task Markers_replaced_in_the_same_unit_as_many_additions_are_deleted_before_they_are_inserted_again()
    {
        var (unitOfWork, connectionString) = await CreateAsync();
        var source = await AddSourceAsync(unitOfWork);
        var assets = await unitOfWork.ExecuteAsync(AddShow(source, "First", 40), CancellationToken.None);

        await unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                // The same chapter (same file, kind and start: a unique key) removed and added, beside a new show.
                db.Markers.RemoveRange(await db.Markers.Where(m => assets.Contains(m.AssetId)).ToListAsync(ct));
                foreach (var asset in assets)
                {
                    db.Markers.Add(new Marker(asset, MarkerKind.Chapter, TimeSpan.FromSeconds(90.5), null, "Renamed"));
                }

                await AddShow(source, "Second", 40)(db, ct);
            },
            CancellationToken.None);

        await using var read = TestPostgres.CreateContext(connectionString);
        Assert.Equal(40, await read.Markers.CountAsync(m => m.Label == "Renamed"));
        Assert.Equal(40, await read.Markers.CountAsync(m => m.Label == "Intro"));
        Assert.Equal(80, await read.Assets.CountAsync());
    }

    [Fact]
    public async Task Text_the_database_cannot_store_in_a_copied_row_is_refused_and_nothing_of_the_unit_is_saved()
    {
        var (unitOfWork, connectionString) = await CreateAsync();
        var source = await AddSourceAsync(unitOfWork);

        var refused = await Assert.ThrowsAsync<UserFacingException>(() => unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                await AddShow(source, "Show", 40)(db, ct);
                db.Titles.Add(new Title(TitleKind.Movie, "Bad\0Name", null, Now));
            },
            CancellationToken.None));

        Assert.Contains("U+0000", refused.Message, StringComparison.Ordinal);
        await using var read = TestPostgres.CreateContext(connectionString);
        Assert.Equal(0, await read.Titles.CountAsync());
        Assert.Equal(0, await read.Assets.CountAsync());
    }
}
