using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RetroVue.Adapters.Plex;
using RetroVue.App.Common;
using RetroVue.App.Ingest;
using RetroVue.App.Scheduling;
using RetroVue.Domain.Library;
using RetroVue.Tests.Plex.Support;

namespace RetroVue.Tests.Plex;

/// <summary>
/// Plex chapters and intro/credits markers end to end: fake Plex server answering detail requests built from the recorded
/// episode and movie, real importer and ingest, real PostgreSQL.
/// </summary>
public sealed class PlexChapterSyncTests
{
    private const string EpisodeKey = "48049";
    private const string MovieKey = "134703";
    private const string EpisodePath = "/TV Shows/Alice in Borderland (2020)/Season 02/Alice in Borderland (2020) - S02E01 - Episode 1 WEBDL-1080p.mkv";
    private const string MoviePath = "/mnt/Movies_1/W/Wicked (2024).mkv";

    private static readonly JsonArray EpisodeChapters = PlexFixtures.Chapters((0, 312_000, "Chapter 1"), (312_000, 1_500_000, "Chapter 2"), (1_500_000, 2_915_744, "Chapter 3"));
    private static readonly JsonArray MovieChapters = PlexFixtures.Chapters((0, 2_400_000, "Opening"), (2_400_000, 6_000_000, "Oz"), (6_000_000, 9_610_350, "Defying Gravity"));

    /// <summary>The recorded episode (which has chapterSource) among two generated ones (which have none), and the recorded movie.</summary>
    private static async Task<JsonObject> ServeAsync(PlexSyncHarness h, JsonArray? episodeMarkers = null)
    {
        h.Shows.Add(GeneratedLibrary.Show(1));
        h.Episodes.Add(GeneratedLibrary.Episode(1, 1));
        h.Episodes.Add(GeneratedLibrary.Episode(1, 2));
        var episode = PlexFixtures.DetailItem("library_metadata_episode");
        h.Episodes.Add(episode);
        var movie = PlexFixtures.DetailItem("library_metadata_movie");
        h.Movies.Add(movie);
        h.Publish();
        h.Server.SetDetail(EpisodeKey, PlexFixtures.DetailWith(episode, (JsonArray)EpisodeChapters.DeepClone(), episodeMarkers));
        h.Server.SetDetail(MovieKey, PlexFixtures.DetailWith(movie, (JsonArray)MovieChapters.DeepClone()));
        await h.AddSourceAsync();
        return episode;
    }

    private static Task<List<Marker>> MarkersOfAsync(PlexSyncHarness h, string canonicalPath) =>
        h.QueryAsync(db => (from m in db.Markers.AsNoTracking()
                            join a in db.Assets on m.AssetId equals a.Id
                            where a.CanonicalPath == canonicalPath
                            orderby m.Start, m.Kind
                            select m).ToListAsync());

    [Fact]
    public async Task Chapters_of_a_new_movie_and_episode_become_chapter_markers_and_the_scheduler_breaks_at_them()
    {
        await using var h = await PlexSyncHarness.CreateAsync();
        await ServeAsync(h);

        var summary = await h.SyncAsync();

        Assert.Equal((SyncOutcome.Succeeded, 4), (summary.Outcome, summary.Added));
        Assert.Equal(new HashSet<string> { EpisodeKey, MovieKey }, h.Server.DetailsAskedFor);
        var detail = h.Server.Requests.First(r => r.IsDetail);
        Assert.Equal(("1", "1"), (detail.Query["includeChapters"], detail.Query["includeMarkers"]));
        Assert.Equal(h.Server.Token, detail.Headers["X-Plex-Token"]);
        Assert.DoesNotContain(h.Server.Token, detail.RawTarget, StringComparison.Ordinal);

        var movie = await MarkersOfAsync(h, MoviePath);
        Assert.Equal(
            [(MarkerKind.Chapter, 0L, 2_400_000L, "Opening"), (MarkerKind.Chapter, 2_400_000L, 6_000_000L, "Oz"), (MarkerKind.Chapter, 6_000_000L, 9_610_350L, "Defying Gravity")],
            movie.Select(m => (m.Kind, (long)m.Start.TotalMilliseconds, (long)m.End!.Value.TotalMilliseconds, m.Label)).ToList());
        Assert.Equal(["Chapter 1", "Chapter 2", "Chapter 3"], (await MarkersOfAsync(h, EpisodePath)).Select(m => m.Label));

        // The files that play keep Plex's stream facts (no probe) and record that their chapters arrived.
        var assets = await h.AssetsAsync();
        Assert.All(assets, a => Assert.True(a.IsPlayable));
        Assert.EndsWith(PlexChapterFingerprint.FetchedSuffix, assets.Single(a => a.CanonicalPath == MoviePath).SourceFingerprint);
        Assert.Equal(0, h.ProbeCalls);

        // Mid-roll breaks go at chapter starts (never at 0).
        var catalog = await h.Get<IUnitOfWork>().ExecuteAsync((db, ct) => h.Get<CatalogSnapshotLoader>().LoadAsync(db, ct), CancellationToken.None);
        var movieAsset = assets.Single(a => a.CanonicalPath == MoviePath);
        var item = catalog.Snapshot.Items.Single(i => i.AssetId == movieAsset.Id);
        Assert.Equal([TimeSpan.FromMilliseconds(2_400_000), TimeSpan.FromMilliseconds(6_000_000)], item.BreakPoints);
    }

    [Fact]
    public async Task Intro_and_credits_markers_come_with_the_chapters_as_intro_and_outro_markers()
    {
        await using var h = await PlexSyncHarness.CreateAsync();
        await ServeAsync(h, PlexFixtures.Markers(("intro", 35_000, 120_500), ("credits", 2_830_000, 2_915_744), ("commercial", 900_000, 960_000)));

        await h.SyncAsync();

        var markers = await MarkersOfAsync(h, EpisodePath);
        Assert.Equal(
            [MarkerKind.Chapter, MarkerKind.Intro, MarkerKind.Chapter, MarkerKind.Chapter, MarkerKind.Outro],
            markers.Select(m => m.Kind));
        var intro = markers.Single(m => m.Kind == MarkerKind.Intro);
        var credits = markers.Single(m => m.Kind == MarkerKind.Outro);
        Assert.Equal((TimeSpan.FromMilliseconds(35_000), TimeSpan.FromMilliseconds(120_500)), (intro.Start, intro.End!.Value));
        Assert.Equal((TimeSpan.FromMilliseconds(2_830_000), TimeSpan.FromMilliseconds(2_915_744)), (credits.Start, credits.End!.Value));
        Assert.Equal(2, h.Server.DetailRequests); // the episode's markers came with its chapters: no request of their own
    }

    [Fact]
    public async Task An_unchanged_re_sync_full_or_delta_makes_no_detail_request_and_writes_nothing()
    {
        await using var h = await PlexSyncHarness.CreateAsync();
        await ServeAsync(h, PlexFixtures.Markers(("intro", 35_000, 120_500)));
        await h.SyncAsync();
        var writes = await h.CatalogWritesAsync();
        var details = h.Server.DetailRequests;

        var full = await h.SyncAsync();
        var delta = await h.SyncAsync(IngestMode.Delta);

        Assert.Equal((4, 0, 0), (full.Unchanged, full.Updated, full.Added));
        Assert.Equal((SyncMode.Delta, 0, 0), (delta.Mode, delta.Updated, delta.Added));
        Assert.Equal(details, h.Server.DetailRequests);
        Assert.Equal(writes, await h.CatalogWritesAsync());
    }

    [Fact]
    public async Task Items_without_chapter_source_get_no_detail_request()
    {
        await using var h = await PlexSyncHarness.CreateAsync();
        var recorded = PlexFixtures.Items("library_sections_2_all_type4_episodes_includeGuids");
        h.Episodes.AddRange(recorded.Select(e => e.AsObject()));
        h.Publish();
        foreach (var episode in h.Episodes.Where(e => e["chapterSource"] is not null))
        {
            h.Server.SetDetail((string)episode["ratingKey"]!, PlexFixtures.DetailWith(episode, PlexFixtures.Chapters((0, 600_000, "A"), (600_000, 1_200_000, "B"))));
        }

        await h.AddSourceAsync();

        var summary = await h.SyncAsync();

        Assert.Equal(10, summary.Added);
        Assert.Equal(new HashSet<string> { "48049", "48050" }, h.Server.DetailsAskedFor); // the two with "chapterSource": "media"
        Assert.Equal(2, h.Server.DetailRequests);
        Assert.Equal(4, await h.QueryAsync(db => db.Markers.CountAsync()));
    }

    [Fact]
    public async Task A_failed_detail_request_imports_the_item_without_chapters_and_the_next_delta_sync_fetches_them()
    {
        await using var h = await PlexSyncHarness.CreateAsync();
        await ServeAsync(h);
        h.Server.InjectFault = request => request.IsDetail && request.Path.EndsWith(EpisodeKey, StringComparison.Ordinal) ? Fault.Status(500) : null;

        var failed = await h.SyncAsync();

        Assert.Equal((SyncOutcome.Succeeded, 4), (failed.Outcome, failed.Added));
        var episode = (await h.AssetsAsync()).Single(a => a.CanonicalPath == EpisodePath);
        Assert.True(episode.IsPlayable);
        Assert.EndsWith(PlexChapterFingerprint.PendingSuffix, episode.SourceFingerprint);
        Assert.Empty(await MarkersOfAsync(h, EpisodePath));
        Assert.Equal(3, (await MarkersOfAsync(h, MoviePath)).Count);
        var warning = Assert.Single(h.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("chapters of Plex item " + EpisodeKey, StringComparison.Ordinal));
        Assert.Contains("500", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Logs.Lines, l => l.Contains(h.Server.Token, StringComparison.Ordinal));

        // The episode is older than the generated ones: only a held-back cursor lets a delta list it again.
        h.Server.InjectFault = null;
        var detailsBefore = h.Server.DetailRequests;
        var retried = await h.SyncAsync(IngestMode.Delta);

        Assert.Equal((SyncMode.Delta, SyncOutcome.Succeeded, 1), (retried.Mode, retried.Outcome, retried.Updated));
        Assert.Equal(1, h.Server.DetailRequests - detailsBefore);
        Assert.Equal(["Chapter 1", "Chapter 2", "Chapter 3"], (await MarkersOfAsync(h, EpisodePath)).Select(m => m.Label));
        Assert.EndsWith(PlexChapterFingerprint.FetchedSuffix, (await h.AssetsAsync()).Single(a => a.CanonicalPath == EpisodePath).SourceFingerprint);

        var writes = await h.CatalogWritesAsync();
        var settled = await h.SyncAsync(IngestMode.Delta);
        Assert.Equal(1, h.Server.DetailRequests - detailsBefore);
        Assert.Equal(0, settled.Updated);
        Assert.Equal(writes, await h.CatalogWritesAsync());
    }

    [Fact]
    public async Task A_changed_item_gets_its_new_chapters_in_place_of_the_old_ones()
    {
        await using var h = await PlexSyncHarness.CreateAsync();
        var episode = await ServeAsync(h, PlexFixtures.Markers(("intro", 35_000, 120_500)));
        await h.SyncAsync();
        episode["updatedAt"] = 1_700_000_500;
        h.Publish();
        h.Server.SetDetail(EpisodeKey, PlexFixtures.DetailWith(episode, PlexFixtures.Chapters((0, 1_000_000, "Cold open"), (1_000_000, 2_915_744, "Rest"))));

        var summary = await h.SyncAsync();

        Assert.Equal(1, summary.Updated);
        Assert.Equal(
            [(MarkerKind.Chapter, "Cold open"), (MarkerKind.Chapter, "Rest")],
            (await MarkersOfAsync(h, EpisodePath)).Select(m => (m.Kind, m.Label)));
    }
}
