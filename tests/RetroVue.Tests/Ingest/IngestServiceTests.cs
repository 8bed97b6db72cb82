using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.App.Ingest;
using RetroVue.Domain.Library;
using RetroVue.Domain.Review;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Ingest;

/// <summary>End to end: a generated folder, the real filesystem importer, real ffprobe, real PostgreSQL.</summary>
public sealed class IngestServiceTests
{
    private static async Task<IngestHarness> LibraryAsync()
    {
        var h = await IngestHarness.CreateAsync();
        await Task.WhenAll(
            h.VideoAsync("Shows/Test Show/Season 01/Test Show - S01E01 - Pilot.mp4", chapters: [new(TimeSpan.Zero, TimeSpan.FromSeconds(0.5), "Act 1"), new(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), "Act 2")]),
            h.VideoAsync("Shows/Test Show/Season 01/Test Show - S01E02-E03 - Two Parter.mkv", width: 160, height: 120, frameRate: "30000/1001", audio: TestAudio.Mono),
            h.VideoAsync("Shows/Test Show/Specials/Test Show - S00E01 - Behind the Scenes.mp4"),
            h.VideoAsync("Movies/Big Movie (1999)/Big Movie (1999).mkv"),
            TestMedia.AudioOnlyAsync(Path.Combine(h.Folder("Shows/Radio Show/Season 01"), "Radio Show - S01E01.mkv")),
            TestMedia.CorruptAsync(Path.Combine(h.Folder("Shows/Test Show/Season 02"), "Test Show - S02E01.mkv")),
            h.VideoAsync("Shows/Home Videos ✨/holiday footage.mp4"));
        await h.AddSourceAsync();
        return h;
    }

    [Fact]
    public async Task A_first_ingest_builds_the_catalog_probes_every_file_and_queues_what_it_could_not_decide()
    {
        await using var h = await LibraryAsync();

        var summary = await h.RunAsync();

        Assert.Equal(7, summary.FilesFound);
        Assert.Equal(7, summary.Added);
        Assert.Equal(6, summary.Probed);
        Assert.Equal(1, summary.ProbeFailures);
        Assert.Equal(3, summary.SentToReview);

        var titles = await h.QueryAsync(db => db.Titles.OrderBy(t => t.Name).Select(t => $"{t.Kind}:{t.Name}:{t.Year}").ToListAsync());
        Assert.Equal(["Movie:Big Movie:1999", "Show:Radio Show:", "Show:Test Show:"], titles);

        var episodes = await h.QueryAsync(db => (from l in db.EpisodeAssets
                                                 join e in db.Episodes on l.EpisodeId equals e.Id
                                                 join s in db.Seasons on e.SeasonId equals s.Id
                                                 join a in db.Assets on l.AssetId equals a.Id
                                                 select new { s.Number, Episode = e.Number, e.Name, a.CanonicalPath }).ToListAsync());
        Assert.Equal(2, episodes.Count(e => e.CanonicalPath.Contains("S01E02-E03", StringComparison.Ordinal)));
        Assert.Contains(episodes, e => e.Number == 0 && e.Episode == 1 && e.Name == "Behind the Scenes");
        Assert.Contains(episodes, e => e.Number == 1 && e.Episode == 1 && e.Name == "Pilot");

        var assets = await h.AssetsAsync();
        Assert.All(assets, a => Assert.Equal(AssetState.Ready, a.State));
        var pilot = assets.Single(a => a.CanonicalPath.EndsWith("Pilot.mp4", StringComparison.Ordinal));
        Assert.True(pilot.IsPlayable);
        Assert.Equal(160, pilot.Streams.Single(s => s.Kind == StreamKind.Video).Width);
        var twoParter = assets.Single(a => a.CanonicalPath.Contains("Two Parter", StringComparison.Ordinal));
        Assert.Equal(29.97, twoParter.Streams.Single(s => s.Kind == StreamKind.Video).FrameRate!.Value, 2);
        Assert.Equal(1, twoParter.Streams.Single(s => s.Kind == StreamKind.Audio).Channels);

        var markers = await h.QueryAsync(db => db.Markers.Where(m => m.AssetId == pilot.Id).OrderBy(m => m.Start).ToListAsync());
        Assert.Equal(["Act 1", "Act 2"], markers.Select(m => m.Label));

        var review = await h.QueryAsync(db => db.ReviewItems.Join(db.Assets, r => r.AssetId, a => a.Id, (r, a) => new { r.Reason, r.Status, a.CanonicalPath }).ToListAsync());
        Assert.Equal(3, review.Count);
        Assert.All(review, r => Assert.Equal(ReviewStatus.Pending, r.Status));
        Assert.Contains(review, r => r.Reason == ReviewReason.ProbeFailed && r.CanonicalPath.EndsWith("S02E01.mkv", StringComparison.Ordinal));
        Assert.Contains(review, r => r.Reason == ReviewReason.NoVideoStream && r.CanonicalPath.EndsWith("Radio Show - S01E01.mkv", StringComparison.Ordinal));
        Assert.Contains(review, r => r.Reason == ReviewReason.UnmatchedName && r.CanonicalPath.EndsWith("holiday footage.mp4", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Re_ingesting_an_unchanged_folder_makes_no_probe_and_no_write()
    {
        await using var h = await LibraryAsync();
        await h.RunAsync();
        var probesBefore = h.ProbeCalls;
        var before = await h.QueryAsync(db => db.Assets.Select(a => a.UpdatedAt).OrderBy(u => u).ToListAsync());
        var reviewBefore = await h.QueryAsync(db => db.ReviewItems.Select(r => r.UpdatedAt).OrderBy(u => u).ToListAsync());
        var writesBefore = await TableWritesAsync(h);

        var again = await h.RunAsync();

        Assert.Equal(0, h.ProbeCalls - probesBefore);
        Assert.Equal(7, again.Unchanged);
        Assert.Equal(0, again.Added + again.Updated + again.Retired + again.Probed + again.SentToReview);
        Assert.Equal(before, await h.QueryAsync(db => db.Assets.Select(a => a.UpdatedAt).OrderBy(u => u).ToListAsync()));
        Assert.Equal(reviewBefore, await h.QueryAsync(db => db.ReviewItems.Select(r => r.UpdatedAt).OrderBy(u => u).ToListAsync()));
        Assert.Equal(writesBefore, await TableWritesAsync(h));
    }

    [Fact]
    public async Task A_changed_file_is_probed_again_and_a_vanished_one_is_retired_then_revived_without_duplicates()
    {
        await using var h = await LibraryAsync();
        await h.RunAsync();

        var pilot = h.PathOf("Shows/Test Show/Season 01/Test Show - S01E01 - Pilot.mp4");
        await TestMedia.VideoAsync(pilot, seconds: 2, width: 320, height: 180);
        var special = h.PathOf("Shows/Test Show/Specials/Test Show - S00E01 - Behind the Scenes.mp4");
        var parked = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".mp4");
        File.Move(special, parked);

        var changed = await h.RunAsync();
        Assert.Equal(1, changed.Updated);
        Assert.Equal(1, changed.Probed);
        Assert.Equal(1, changed.Retired);
        var assets = await h.AssetsAsync();
        Assert.Equal(320, assets.Single(a => a.CanonicalPath == pilot).Streams.Single(s => s.Kind == StreamKind.Video).Width);
        var retired = assets.Single(a => a.CanonicalPath == special);
        Assert.Equal(AssetState.Retired, retired.State);
        Assert.NotNull(retired.Duration);

        File.Move(parked, special);
        var back = await h.RunAsync();
        Assert.Equal(1, back.Updated);
        Assert.Equal(0, back.Probed);
        Assert.Equal(7, (await h.AssetsAsync()).Count);
        Assert.Equal(AssetState.Ready, (await h.AssetsAsync()).Single(a => a.CanonicalPath == special).State);
    }

    [Fact]
    public async Task The_same_problem_is_never_queued_twice_and_a_fixed_file_clears_its_item()
    {
        await using var h = await LibraryAsync();
        await h.RunAsync();
        var corrupt = h.PathOf("Shows/Test Show/Season 02/Test Show - S02E01.mkv");
        File.SetLastWriteTimeUtc(corrupt, DateTime.UtcNow.AddMinutes(5));

        var again = await h.RunAsync();
        Assert.Equal(1, again.ProbeFailures);
        Assert.Equal(0, again.SentToReview);
        Assert.Equal(3, await h.QueryAsync(db => db.ReviewItems.CountAsync()));

        await TestMedia.VideoAsync(corrupt);
        await h.RunAsync();
        var item = await h.QueryAsync(db => db.ReviewItems.SingleAsync(r => r.Reason == ReviewReason.ProbeFailed));
        Assert.Equal(ReviewStatus.Resolved, item.Status);
        Assert.Equal(ReviewItem.AutoResolution, item.Resolution);
    }

    [Fact]
    public async Task A_retired_file_leaves_the_review_queue_and_its_problem_returns_with_it()
    {
        await using var h = await LibraryAsync();
        await h.RunAsync();
        var corrupt = h.PathOf("Shows/Test Show/Season 02/Test Show - S02E01.mkv");
        var parked = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".mkv");
        File.Move(corrupt, parked);

        await h.RunAsync();
        var cleared = await h.QueryAsync(db => db.ReviewItems.SingleAsync(r => r.Reason == ReviewReason.ProbeFailed));
        Assert.Equal(ReviewStatus.Resolved, cleared.Status);

        File.Move(parked, corrupt);
        File.SetLastWriteTimeUtc(corrupt, DateTime.UtcNow.AddMinutes(1));
        var back = await h.RunAsync();
        Assert.Equal(1, back.SentToReview);
        var reopened = await h.QueryAsync(db => db.ReviewItems.SingleAsync(r => r.Reason == ReviewReason.ProbeFailed));
        Assert.Equal(ReviewStatus.Pending, reopened.Status);
        Assert.Equal(cleared.Id, reopened.Id);
    }

    [Fact]
    public async Task A_second_ingest_of_the_same_source_is_refused_while_one_runs()
    {
        await using var h = await LibraryAsync();
        var source = await h.QueryAsync(db => db.Sources.SingleAsync());
        await using (var held = await h.Get<ISourceLock>().TryAcquireAsync(source.Id, CancellationToken.None))
        {
            Assert.NotNull(held);
            var refused = await Assert.ThrowsAsync<ConflictException>(() => h.RunAsync());
            Assert.Contains("already running", refused.Message);
            Assert.Empty(await h.AssetsAsync());
        }

        Assert.Equal(7, (await h.RunAsync()).Added);
    }

    [Fact]
    public async Task Two_ingests_started_together_never_duplicate_rows()
    {
        await using var h = await LibraryAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => CaptureAsync(h.RunAsync())));
        Assert.Contains(results, r => r.Summary is not null);
        Assert.All(results.Where(r => r.Error is not null), r => Assert.IsType<ConflictException>(r.Error));
        Assert.Equal(7, (await h.AssetsAsync()).Count);
        Assert.Equal(3, await h.QueryAsync(db => db.Titles.CountAsync()));
    }

    [Fact]
    public async Task Cancelling_while_probing_keeps_what_was_committed_and_the_next_run_finishes_the_rest()
    {
        await using var h = await IngestHarness.CreateAsync(new Dictionary<string, string?> { ["Ingest:ProbeParallelism"] = "1", ["Ingest:BatchSize"] = "1" });
        for (var i = 1; i <= 6; i++)
        {
            await h.VideoAsync($"Show/Season 01/Show - S01E{i:00}.mp4", seconds: 0.5);
        }

        await h.AddSourceAsync();
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.Phase == IngestPhase.Probing && p.Probed >= 2)
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.RunAsync(progress: progress, cancellationToken: cancel.Token));
        var probed = (await h.AssetsAsync()).Count(a => a.ProbeStatus == ProbeStatus.Succeeded);
        Assert.InRange(probed, 2, 5);
        Assert.Equal(6, (await h.AssetsAsync()).Count);

        var rest = await h.RunAsync();
        Assert.Equal(6 - probed, rest.Probed);
        Assert.All(await h.AssetsAsync(), a => Assert.Equal(ProbeStatus.Succeeded, a.ProbeStatus));
    }

    [Fact]
    public async Task A_source_folder_that_disappeared_is_a_clear_error_and_retires_nothing()
    {
        await using var h = await LibraryAsync();
        await h.RunAsync();
        var moved = h.Root + "-moved";
        Directory.Move(h.Root, moved);
        try
        {
            var error = await Assert.ThrowsAnyAsync<UserFacingException>(() => h.RunAsync());
            Assert.Contains(h.Root, error.Message);
            Assert.DoesNotContain(await h.AssetsAsync(), a => a.State == AssetState.Retired);
        }
        finally
        {
            Directory.Move(moved, h.Root);
        }
    }

    [Fact]
    public async Task Without_ffprobe_the_ingest_stops_naming_the_package_to_install_and_keeps_the_import()
    {
        await using var h = await IngestHarness.CreateAsync(new Dictionary<string, string?> { ["Ffmpeg:FfprobePath"] = "/nonexistent/ffprobe" });
        await h.VideoAsync("Show/Season 01/Show - S01E01.mp4");
        await h.AddSourceAsync();

        var error = await Assert.ThrowsAsync<EnricherUnavailableException>(() => h.RunAsync());
        Assert.Contains("apt-get install ffmpeg", error.Message);
        var asset = Assert.Single(await h.AssetsAsync());
        Assert.Equal(ProbeStatus.NotProbed, asset.ProbeStatus);
    }

    [Fact]
    public async Task An_unknown_source_is_a_clear_error()
    {
        await using var h = await IngestHarness.CreateAsync();
        var error = await Assert.ThrowsAsync<NotFoundException>(() => h.RunAsync("nope"));
        Assert.Contains("'nope'", error.Message);
    }

    private static async Task<(IngestSummary? Summary, Exception? Error)> CaptureAsync(Task<IngestSummary> run)
    {
        try
        {
            return (await run, null);
        }
        catch (Exception e)
        {
            return (null, e);
        }
    }

    private static readonly string[] CatalogTables =
        ["sources", "path_mappings", "titles", "seasons", "episodes", "assets", "episode_assets", "provider_refs", "markers", "review_items"];

    /// <summary>A fingerprint of every catalog row version: row count plus the newest writing transaction of each table.</summary>
    private static Task<string> TableWritesAsync(IngestHarness h) =>
        h.QueryAsync(async db =>
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

    /// <summary>Progress&lt;T&gt; posts to the thread pool; a test that reacts to progress needs it at once.</summary>
    [Fact]
    public async Task Stream_titles_and_forced_flags_are_stored_and_streams_stored_before_them_still_load()
    {
        await using var h = await IngestHarness.CreateAsync();
        await h.VideoAsync("Movies/Big Movie (1999)/Big Movie (1999).mkv");
        await h.AddSourceAsync();
        await h.RunAsync();
        var stored = await h.QueryAsync(db => db.Database
            .SqlQueryRaw<bool>("SELECT bool_and(s ? 'IsForced' AND s ? 'Title') AS \"Value\" FROM assets, jsonb_array_elements(streams) s").SingleAsync());
        Assert.True(stored);

        // A catalog written before these facts existed has stream documents without them.
        await h.QueryAsync(db => db.Database.ExecuteSqlRawAsync(
            "UPDATE assets SET streams = (SELECT jsonb_agg(s - 'IsForced' - 'Title') FROM jsonb_array_elements(streams) s)"));

        var asset = Assert.Single(await h.AssetsAsync());
        Assert.Equal(2, asset.Streams.Count);
        Assert.All(asset.Streams, s => Assert.Equal((false, (string?)null), (s.IsForced, s.Title)));
        Assert.True(asset.IsPlayable);
    }

    private sealed class SynchronousProgress(Action<IngestProgress> onReport) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => onReport(value);
    }
}
