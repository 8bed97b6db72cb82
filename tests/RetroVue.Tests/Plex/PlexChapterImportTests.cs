using System.Diagnostics;
using System.Text.Json.Nodes;
using RetroVue.Adapters.Plex;
using RetroVue.App.Ingest;
using RetroVue.Domain.Library;
using RetroVue.Tests.Plex.Support;

namespace RetroVue.Tests.Plex;

/// <summary>The Plex importer's chapter requests against the fake server, without a catalog (every item is new).</summary>
public sealed class PlexChapterImportTests : IAsyncLifetime, IDisposable
{
    private FakePlexServer _server = null!;
    private PlexTestHost _host = new();

    public async Task InitializeAsync() => _server = await FakePlexServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Chapters_and_markers_with_impossible_times_are_dropped_one_by_one_and_the_rest_kept()
    {
        var episode = PlexFixtures.DetailItem("library_metadata_episode"); // 2,915,744 ms long
        var chapters = PlexFixtures.Chapters(
            (0, 600_000, "Good 1"),
            (-5_000, 1_000, "Negative start"),
            (900_000, 800_000, "Ends before it starts"),
            (600_000, 1_200_000, "Good 2"),
            (3_000_000, 3_100_000, "Starts after the end"),
            (2_800_000, 2_999_999, "Ends far past the end"),
            (2_700_000, 2_916_000, "Ends a little past the end"));
        chapters.Add(new JsonObject { ["index"] = 8, ["endTimeOffset"] = 5_000, ["tag"] = "No start" });
        chapters.Add(new JsonObject { ["index"] = 9, ["startTimeOffset"] = "soon", ["tag"] = "Unreadable start" });
        var markers = PlexFixtures.Markers(("intro", 120_000, 35_000), ("credits", 2_830_000, 2_915_744));
        _server.SetSections(("2", "show", "TV"));
        _server.SetItems("2", 4, [episode]);
        _server.SetDetail("48049", PlexFixtures.DetailWith(episode, chapters, markers));

        var (assets, scan) = await _host.DiscoverAsync(PlexTestHost.PlexSource(_server));

        Assert.False(scan.ListingFailed);
        var found = Assert.Single(assets).Metadata!.Markers!;
        Assert.Equal(
            [
                (MarkerKind.Chapter, 0L, (long?)600_000L, "Good 1"),
                (MarkerKind.Chapter, 600_000L, 1_200_000L, "Good 2"),
                (MarkerKind.Chapter, 2_700_000L, 2_915_744L, "Ends a little past the end"),
                (MarkerKind.Outro, 2_830_000L, 2_915_744L, null),
            ],
            found.Select(m => (m.Kind, (long)m.Start.TotalMilliseconds, (long?)m.End?.TotalMilliseconds, m.Label)).ToList());
    }

    [Fact]
    public async Task The_chapters_of_an_item_with_two_versions_go_to_the_version_that_plays()
    {
        var movie = PlexFixtures.DetailItem("library_metadata_movie");
        var versions = movie["Media"]!.AsArray();
        var better = versions[0]!.DeepClone().AsObject();
        better["id"] = 999_001;
        better["width"] = 3840;
        better["height"] = 2160;
        better["Part"]![0]!["id"] = 999_002;
        better["Part"]![0]!["file"] = "/mnt/Movies_1/W/Wicked (2024) 2160p.mkv";
        versions.Add(better);
        _server.SetSections(("1", "movie", "Films"));
        _server.SetItems("1", 1, [movie]);
        _server.SetDetail("134703", PlexFixtures.DetailWith(movie, PlexFixtures.Chapters((0, 2_400_000, "Opening"), (2_400_000, 9_610_350, "Rest"))));

        var (assets, _) = await _host.DiscoverAsync(PlexTestHost.PlexSource(_server));

        Assert.Equal(2, assets.Count);
        var plays = assets.Single(a => a.Metadata!.IsPreferredVersion);
        var other = assets.Single(a => !a.Metadata!.IsPreferredVersion);
        Assert.Contains("2160p", plays.CanonicalPath, StringComparison.Ordinal);
        Assert.Equal(["Opening", "Rest"], plays.Metadata!.Markers!.Select(m => m.Label));
        Assert.EndsWith(PlexChapterFingerprint.FetchedSuffix, plays.Metadata.SourceFingerprint);
        Assert.Empty(other.Metadata!.Markers!);
        Assert.DoesNotContain(PlexChapterFingerprint.FetchedSuffix, other.Metadata.SourceFingerprint, StringComparison.Ordinal);
        Assert.Equal(1, _server.DetailRequests);
    }

    [Fact]
    public async Task Detail_requests_run_a_bounded_number_at_a_time_and_every_item_arrives()
    {
        _host.Dispose();
        _host = new PlexTestHost(options => options.DetailParallelism = 3);
        ServeEpisodesWithChapters(count: 24);
        var waiting = 0;
        var most = 0;
        _server.BeforeAnswer = async (request, ct) =>
        {
            if (request.IsDetail)
            {
                var now = Interlocked.Increment(ref waiting);
                InterlockedMax(ref most, now);
                await Task.Delay(40, ct);
                Interlocked.Decrement(ref waiting);
            }
        };

        var (assets, _) = await _host.DiscoverAsync(PlexTestHost.PlexSource(_server));

        Assert.Equal(24, assets.Count);
        Assert.All(assets, a => Assert.Equal(["Part 1", "Part 2"], a.Metadata!.Markers!.Select(m => m.Label)));
        Assert.Equal(24, _server.DetailRequests);
        Assert.Equal(3, most);
    }

    [Fact]
    public async Task Cancelling_a_sync_cancels_the_detail_requests_in_flight()
    {
        ServeEpisodesWithChapters(count: 8);
        _server.InjectFault = request => request.IsDetail ? Fault.Hang : null;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var stopwatch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _host.DiscoverAsync(PlexTestHost.PlexSource(_server), cancel.Token));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(4), $"took {stopwatch.Elapsed}"); // the request timeout is 5 s
    }

    [Fact]
    public async Task Malformed_json_in_a_detail_answer_imports_the_item_without_chapters_as_pending()
    {
        ServeEpisodesWithChapters(count: 2);
        var broken = GeneratedLibrary.EpisodeKey(0, 1);
        _server.InjectFault = request => request.IsDetail && request.Path.EndsWith(broken, StringComparison.Ordinal) ? Fault.Body("""{"MediaContainer":{"Metadata":[{"ratingKey":""") : null;

        var (assets, scan) = await _host.DiscoverAsync(PlexTestHost.PlexSource(_server));

        Assert.False(scan.ListingFailed);
        Assert.Equal(2, assets.Count);
        var failed = assets.Single(a => a.Metadata!.EpisodeIds["plex"] == broken).Metadata!;
        Assert.Empty(failed.Markers!);
        Assert.EndsWith(PlexChapterFingerprint.PendingSuffix, failed.SourceFingerprint);
        Assert.Single(_host.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("malformed JSON", StringComparison.Ordinal) && l.Contains(broken, StringComparison.Ordinal));
        Assert.Equal(2, assets.Single(a => a.Metadata!.EpisodeIds["plex"] != broken).Metadata!.Markers!.Count);
    }

    [Fact]
    public async Task After_the_failure_limit_a_sync_asks_for_no_more_chapters_but_still_imports_every_item()
    {
        _host.Dispose();
        _host = new PlexTestHost(options =>
        {
            options.DetailParallelism = 1;
            options.DetailFailureLimit = 2;
            options.MaxRetries = 0;
        });
        ServeEpisodesWithChapters(count: 10);
        _server.InjectFault = request => request.IsDetail ? Fault.Status(503) : null;

        var (assets, scan) = await _host.DiscoverAsync(PlexTestHost.PlexSource(_server));

        Assert.False(scan.ListingFailed);
        Assert.Equal(10, assets.Count);
        Assert.All(assets, a => Assert.EndsWith(PlexChapterFingerprint.PendingSuffix, a.Metadata!.SourceFingerprint));
        Assert.Equal(2, _server.DetailRequests);
        Assert.Single(_host.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("asks for no more", StringComparison.Ordinal));
    }

    private void ServeEpisodesWithChapters(int count)
    {
        _server.SetSections(("2", "show", "TV"));
        var episodes = new List<JsonNode>();
        for (var i = 1; i <= count; i++)
        {
            var episode = GeneratedLibrary.Episode(0, i);
            episode["chapterSource"] = "media";
            episodes.Add(episode);
            _server.SetDetail(GeneratedLibrary.EpisodeKey(0, i), PlexFixtures.DetailWith(episode, PlexFixtures.Chapters((0, 600_000, "Part 1"), (600_000, 1_320_000, "Part 2"))));
        }

        _server.SetItems("2", 4, episodes);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
