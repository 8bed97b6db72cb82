using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RetroVue.Adapters.Plex;
using RetroVue.App.Ingest;
using RetroVue.Domain.Library;
using RetroVue.Domain.Review;
using RetroVue.Tests.Plex.Support;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Plex;

/// <summary>Plex sync end to end: fake Plex server, real importer and ingest service, real PostgreSQL.</summary>
public sealed class PlexSyncTests
{
    private static async Task<PlexSyncHarness> SyncedLibraryAsync(int shows = 3, int episodesPerShow = 4)
    {
        var h = await PlexSyncHarness.CreateAsync();
        h.ServeShows(shows, episodesPerShow);
        await h.AddSourceAsync(libraries: ["TV Shows"]);
        await h.SyncAsync();
        return h;
    }

    [Fact]
    public async Task A_first_sync_builds_the_catalog_from_plex_facts_without_probing_or_detail_requests_and_records_the_run()
    {
        await using var h = await PlexSyncHarness.CreateAsync();
        h.ServeShows(shows: 3, episodesPerShow: 4);
        await h.AddSourceAsync(libraries: ["TV Shows"]);

        var summary = await h.SyncAsync();

        Assert.Equal((12, 12, SyncMode.Full, SyncOutcome.Succeeded), (summary.FilesFound, summary.Added, summary.Mode, summary.Outcome));
        Assert.Equal(0, h.ProbeCalls);
        Assert.Equal(0, h.Server.DetailRequests);
        var assets = await h.AssetsAsync();
        Assert.All(assets, a => Assert.True(a.IsPlayable));
        Assert.All(assets, a => Assert.False(a.LocallyReachable));

        // Without path mappings, playing through Plex is the plan, not a problem to review.
        Assert.Equal(0, await h.QueryAsync(db => db.ReviewItems.CountAsync()));
        var first = assets.Single(a => a.StreamKey == $"/library/parts/{500_000 + 1}/1700000000/file.mkv");
        Assert.Equal(TimeSpan.FromMilliseconds(1_320_000), first.Duration);
        Assert.StartsWith("plex1:", first.SourceFingerprint);
        Assert.Equal(3, await h.QueryAsync(db => db.Titles.CountAsync(t => t.Kind == TitleKind.Show)));
        Assert.Equal(12, await h.QueryAsync(db => db.Episodes.CountAsync()));

        var run = await h.QueryAsync(db => db.SyncRuns.SingleAsync());
        Assert.Equal((SyncOutcome.Succeeded, SyncMode.Full, SyncTrigger.Manual, 12, 12), (run.Outcome, run.Mode, run.Trigger, run.FilesFound, run.Added));
        Assert.NotNull(run.FinishedAt);
        Assert.StartsWith("plex-delta/1 ", run.Cursor);
    }

    [Fact]
    public async Task An_unchanged_re_sync_writes_nothing_and_makes_only_the_listing_requests()
    {
        await using var h = await SyncedLibraryAsync();
        var writesBefore = await h.CatalogWritesAsync();
        var requestsBefore = h.Server.Requests.Count;
        var listingsBefore = h.Server.ListingRequests;

        var again = await h.SyncAsync();

        Assert.Equal((12, 0, 0, 0), (again.Unchanged, again.Added, again.Updated, again.Retired));
        Assert.Equal(writesBefore, await h.CatalogWritesAsync());
        Assert.Equal(0, h.ProbeCalls);
        Assert.Equal(0, h.Server.DetailRequests);

        // identity, sections, one page of shows, one page of episodes: the same four requests as the first sync.
        Assert.Equal(4, h.Server.Requests.Count - requestsBefore);
        Assert.Equal(2, h.Server.ListingRequests - listingsBefore);
    }

    [Fact]
    public async Task An_edited_episode_rewrites_that_one_asset_and_its_episode()
    {
        await using var h = await SyncedLibraryAsync();
        var xmin = await h.NewestAssetXminAsync();
        var edited = h.Episode(1, 2);
        edited["updatedAt"] = GeneratedLibrary.UpdatedAt + 500;
        edited["Media"]![0]!["duration"] = 1_400_000;
        edited["Media"]![0]!["Part"]![0]!["duration"] = 1_400_000;
        edited["Media"]![0]!["Part"]![0]!["size"] = 310_000_000L;
        h.Publish();

        var summary = await h.SyncAsync();

        Assert.Equal((1, 11, 0), (summary.Updated, summary.Unchanged, summary.Added));
        var written = await h.AssetsWrittenAfterAsync(xmin);
        var path = Assert.Single(written);
        Assert.Contains("Show 001 - S01E02", path);
        var asset = (await h.AssetsAsync()).Single(a => a.CanonicalPath == path);
        Assert.Equal(TimeSpan.FromMilliseconds(1_400_000), asset.Duration);
        Assert.Equal(310_000_000L, asset.SizeBytes);
        Assert.Equal(AssetState.Ready, asset.State);
    }

    [Fact]
    public async Task An_episode_deleted_in_plex_is_retired_by_a_full_sync_and_comes_back_when_it_reappears()
    {
        await using var h = await SyncedLibraryAsync();
        var removed = h.Episode(2, 3);
        h.Episodes.Remove(removed);
        h.Publish();

        var summary = await h.SyncAsync();

        Assert.Equal((1, 11), (summary.Retired, summary.Unchanged));
        var retired = (await h.AssetsAsync()).Single(a => a.State == AssetState.Retired);
        Assert.Contains("Show 002 - S01E03", retired.CanonicalPath);
        Assert.NotNull(retired.Duration);

        h.Episodes.Add(removed);
        h.Publish();
        var back = await h.SyncAsync();
        Assert.Equal((1, 0, 0), (back.Updated, back.Added, back.Retired));
        Assert.Equal(12, (await h.AssetsAsync()).Count(a => a.State == AssetState.Ready));
    }

    [Fact]
    public async Task An_outage_in_the_middle_of_a_listing_retires_nothing_and_leaves_the_catalog_unchanged()
    {
        await using var h = await PlexSyncHarness.CreateAsync(new Dictionary<string, string?> { ["Plex:PageSize"] = "100" });
        h.ServeShows(shows: 5, episodesPerShow: 50);
        await h.AddSourceAsync(libraries: ["TV Shows"]);
        await h.SyncAsync();
        h.Episodes.RemoveAt(0);
        h.Publish();
        var writesBefore = await h.CatalogWritesAsync();
        h.Server.InjectFault = request => request.IsListing && request.Query.GetValueOrDefault("type") == "4" && request.Start == 100 ? Fault.Status(503) : null;

        var summary = await h.SyncAsync();

        Assert.Equal(SyncOutcome.Incomplete, summary.Outcome);
        Assert.Equal(0, summary.Retired);
        Assert.Equal(100, summary.Unchanged);
        Assert.Equal(writesBefore, await h.CatalogWritesAsync());
        Assert.DoesNotContain(await h.AssetsAsync(), a => a.State == AssetState.Retired);
        var run = await h.QueryAsync(db => db.SyncRuns.OrderByDescending(r => r.StartedAt).FirstAsync());
        Assert.Equal(SyncOutcome.Incomplete, run.Outcome);
        Assert.Null(run.Cursor);
        Assert.Contains("nothing is retired", run.Error);

        h.Server.InjectFault = null;
        Assert.Equal(1, (await h.SyncAsync()).Retired);
    }

    [Fact]
    public async Task A_delta_sync_lists_only_changes_adds_and_updates_them_and_retires_nothing()
    {
        await using var h = await SyncedLibraryAsync();
        h.Episodes.Remove(h.Episode(0, 1));
        var added = GeneratedLibrary.Episode(0, 9);
        added["addedAt"] = GeneratedLibrary.UpdatedAt + 100;
        added["updatedAt"] = GeneratedLibrary.UpdatedAt + 100;
        h.Episodes.Add(added);
        h.Episode(2, 4)["updatedAt"] = GeneratedLibrary.UpdatedAt + 200;
        h.Episode(2, 4)["title"] = "Renamed";
        h.Publish();
        var before = h.Server.Requests.Count;

        var delta = await h.SyncAsync(IngestMode.Delta);

        Assert.Equal(SyncMode.Delta, delta.Mode);
        Assert.Equal((1, 0), (delta.Added, delta.Retired));
        Assert.Equal(0, h.Server.DetailRequests);
        var deltaRequests = h.Server.Requests.Skip(before).Where(r => r.IsListing && r.Query.GetValueOrDefault("type") == "4").ToList();
        Assert.Equal(2, deltaRequests.Count);
        Assert.All(deltaRequests, r => Assert.Contains(">>=1700000000", r.RawTarget));
        // The removed episode is still there: a delta proves nothing about deletions.
        Assert.Equal(13, (await h.AssetsAsync()).Count(a => a.State != AssetState.Retired));
        Assert.Equal("Renamed", await h.QueryAsync(db => db.Episodes.Where(e => e.Number == 4).Join(db.Titles.Where(t => t.Name == "Show 002"), e => e.TitleId, t => t.Id, (e, _) => e.Name).SingleAsync()));

        var full = await h.SyncAsync(IngestMode.Full);
        Assert.Equal((SyncMode.Full, 1), (full.Mode, full.Retired));
    }

    [Fact]
    public async Task An_automatic_sync_is_a_delta_after_a_recent_full_sync_and_a_full_one_when_none_succeeded()
    {
        await using var h = await PlexSyncHarness.CreateAsync();
        h.ServeShows(shows: 1, episodesPerShow: 2);
        await h.AddSourceAsync(libraries: ["TV Shows"]);

        Assert.Equal(SyncMode.Full, (await h.SyncAsync(IngestMode.Auto)).Mode);
        Assert.Equal(SyncMode.Delta, (await h.SyncAsync(IngestMode.Auto)).Mode);
        Assert.Equal(2, (await h.SyncAsync(IngestMode.Delta)).Unchanged);
    }

    [Fact]
    public async Task A_deselected_library_is_retired_by_the_next_sync_even_when_a_delta_was_asked_for()
    {
        await using var h = await PlexSyncHarness.CreateAsync();
        h.ServeShows(shows: 2, episodesPerShow: 2);
        h.Movies.Add(Movie(1));
        h.Movies.Add(Movie(2));
        h.Publish();
        await h.AddSourceAsync();
        Assert.Equal(6, (await h.SyncAsync()).Added);

        await h.ChangeSettingAsync(PlexSourceSettings.LibrariesKey, """["TV Shows"]""");
        var summary = await h.SyncAsync(IngestMode.Delta);

        Assert.Equal((SyncMode.Full, 2), (summary.Mode, summary.Retired));
        var retired = (await h.AssetsAsync()).Where(a => a.State == AssetState.Retired).ToList();
        Assert.Equal(2, retired.Count);
        Assert.All(retired, a => Assert.Contains("/data/movies/", a.CanonicalPath));
    }

    [Fact]
    public async Task A_library_removed_from_plex_is_retired_when_the_source_takes_every_library()
    {
        await using var h = await PlexSyncHarness.CreateAsync();
        h.ServeShows(shows: 1, episodesPerShow: 3);
        h.Movies.Add(Movie(1));
        h.Publish();
        await h.AddSourceAsync();
        await h.SyncAsync();

        h.Server.SetSections(("2", "show", "TV Shows"));
        var summary = await h.SyncAsync(IngestMode.Auto);

        Assert.Equal((SyncMode.Full, SyncOutcome.Succeeded, 1, 3), (summary.Mode, summary.Outcome, summary.Retired, summary.Unchanged));
    }

    [Fact]
    public async Task A_reachable_mapped_file_without_plex_facts_is_probed_here_and_an_unreachable_one_is_queued_and_plays_through_plex()
    {
        await using var h = await PlexSyncHarness.CreateAsync();
        var local = Directory.CreateTempSubdirectory("rv-plexmap-").FullName;
        try
        {
            h.ServeShows(shows: 1, episodesPerShow: 2, fileRoot: @"D:\Media\TV");
            var probed = h.Episode(0, 1);
            var media = probed["Media"]![0]!.AsObject();
            foreach (var fact in new[] { "duration", "videoCodec", "audioCodec", "width", "height", "videoFrameRate", "bitrate" })
            {
                media.Remove(fact);
            }

            media["Part"]![0]!.AsObject().Remove("duration");
            probed.Remove("duration");
            h.Publish();
            var season = Directory.CreateDirectory(Path.Combine(local, "Show 000", "Season 01")).FullName;
            await TestMedia.VideoAsync(Path.Combine(season, "Show 000 - S01E01.mkv"), seconds: 1, width: 160, height: 90);
            await h.AddSourceAsync(libraries: ["TV Shows"], pathMaps: [@"d:\media\tv=" + local]);

            var summary = await h.SyncAsync();

            Assert.Equal((2, 1), (summary.Added, summary.Probed));
            Assert.Equal(1, h.ProbeCalls);
            var assets = await h.AssetsAsync();
            var reachable = assets.Single(a => a.LocallyReachable);
            Assert.Equal(Path.Combine(local, "Show 000", "Season 01", "Show 000 - S01E01.mkv"), reachable.CanonicalPath);
            Assert.Equal(160, reachable.Streams.Single(s => s.Kind == StreamKind.Video).Width);
            Assert.True(reachable.IsPlayable);

            var remote = assets.Single(a => !a.LocallyReachable);
            Assert.Equal(Path.Combine(local, "Show 000", "Season 01", "Show 000 - S01E02.mkv"), remote.CanonicalPath);
            Assert.True(remote.IsPlayable);
            var review = await h.QueryAsync(db => db.ReviewItems.SingleAsync());
            Assert.Equal((remote.Id, ReviewReason.FileNotReachable, ReviewStatus.Pending), (review.AssetId, review.Reason, review.Status));
            Assert.Contains(@"D:\Media\TV/Show 000/Season 01/Show 000 - S01E02.mkv maps to " + remote.CanonicalPath, review.Details);
            Assert.Contains("plays through the source", review.Details);

            var source = await h.QueryAsync(db => db.Sources.SingleAsync());
            var stream = PlexStreamLocator.For(source, remote)!;
            Assert.Equal(new Uri(h.Server.BaseUri, $"/library/parts/{500_000 + 2}/1700000000/file.mkv"), stream.Url);
            Assert.DoesNotContain(h.Server.Token, stream.Url.ToString());
            Assert.Equal(h.Server.Token, stream.Headers["X-Plex-Token"]);

            // The share turns up: the next sync clears the review item, and nothing else is written.
            await TestMedia.VideoAsync(remote.CanonicalPath, seconds: 1, width: 160, height: 90);
            var again = await h.SyncAsync();
            Assert.Equal((1, 1, 0), (again.Updated, again.Unchanged, again.Probed));
            Assert.Equal(ReviewStatus.Resolved, (await h.QueryAsync(db => db.ReviewItems.SingleAsync())).Status);
            Assert.True((await h.AssetsAsync()).All(a => a.LocallyReachable));
        }
        finally
        {
            Directory.Delete(local, recursive: true);
        }
    }

    [Fact]
    public async Task The_token_appears_in_no_log_line_problem_or_sync_history_through_a_sync_an_outage_and_a_refused_token()
    {
        await using var h = await SyncedLibraryAsync();
        h.Server.InjectFault = request => request.IsListing ? Fault.Status(500) : null;
        await h.SyncAsync();
        h.Server.InjectFault = request => request.Path == "/library/sections" ? Fault.Status(401) : null;
        var refused = await h.SyncAsync();
        Assert.Equal(SyncOutcome.Incomplete, refused.Outcome);

        var texts = h.Logs.Lines.ToList();
        texts.AddRange(await h.QueryAsync(db => db.SyncRuns.Select(r => r.Error ?? "").ToListAsync()));
        texts.AddRange(refused.Problems.Select(p => p.Message));
        Assert.Contains(texts, t => t.Contains("401", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.Contains(h.Server.Token, StringComparison.Ordinal));
    }

    private static JsonObject Movie(int n) => new()
    {
        ["ratingKey"] = (9000 + n).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["type"] = "movie",
        ["title"] = $"Movie {n}",
        ["year"] = 1980 + n,
        ["addedAt"] = GeneratedLibrary.UpdatedAt,
        ["updatedAt"] = GeneratedLibrary.UpdatedAt,
        ["Media"] = new JsonArray(new JsonObject
        {
            ["id"] = 80_000 + n,
            ["duration"] = 5_400_000,
            ["videoCodec"] = "h264",
            ["audioCodec"] = "aac",
            ["width"] = 1920,
            ["height"] = 1080,
            ["Part"] = new JsonArray(new JsonObject
            {
                ["id"] = 90_000 + n,
                ["key"] = $"/library/parts/{90_000 + n}/1/file.mkv",
                ["file"] = $"/data/movies/Movie {n}/Movie {n}.mkv",
                ["size"] = 1_000_000_000L + n,
                ["duration"] = 5_400_000,
            }),
        }),
    };
}
