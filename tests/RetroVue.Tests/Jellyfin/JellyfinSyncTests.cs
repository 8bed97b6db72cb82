using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RetroVue.App.Ingest;
using RetroVue.App.Sources;
using RetroVue.Domain.Library;
using RetroVue.Tests.Jellyfin.Support;

namespace RetroVue.Tests.Jellyfin;

/// <summary>Jellyfin and Emby sync end to end: a fake server in the APIs' shape, the real importer and ingest service, real PostgreSQL.</summary>
public sealed class JellyfinSyncTests
{
    private static async Task<JellyfinSyncHarness> LibraryAsync(bool emby = false, int shows = 2, int episodesPerShow = 3, int movies = 2)
    {
        var h = await JellyfinSyncHarness.CreateAsync(emby);
        h.ServeShows(shows, episodesPerShow);
        for (var movie = 0; movie < movies; movie++)
        {
            h.Server.ItemsOf(JellyfinSyncHarness.MovieLibrary).Add(JellyfinPayloads.Movie(movie));
        }

        return h;
    }

    [Fact]
    public async Task A_first_jellyfin_sync_imports_shows_episodes_and_movies_with_ids_stream_facts_labels_rating_and_artwork_without_probing()
    {
        await using var h = await LibraryAsync();
        await h.AddSourceAsync();

        var summary = await h.SyncAsync();

        Assert.Equal((8, 8, SyncOutcome.Succeeded, 0), (summary.FilesFound, summary.Added, summary.Outcome, summary.Retired));
        Assert.Equal(0, h.ProbeCalls);
        var assets = await h.AssetsAsync();
        Assert.All(assets, a => Assert.True(a.IsPlayable));
        Assert.All(assets, a => Assert.False(a.LocallyReachable));
        // Without path mappings a full server path is taken as this machine's (the server runs here); the file is not there, so it plays through the server.
        var episode = assets.Single(a => a.CanonicalPath == "/media/tv/Show 1/Season 01/Show 1 - S01E02.mkv");
        Assert.Equal(TimeSpan.FromSeconds(1320), episode.Duration);
        Assert.Equal($"/Videos/{JellyfinPayloads.EpisodeId(1, 2)}/stream?static=true&MediaSourceId={JellyfinPayloads.EpisodeId(1, 2)}", episode.StreamKey);
        Assert.Equal(2, await h.QueryAsync(db => db.Titles.CountAsync(t => t.Kind == TitleKind.Show)));
        Assert.Equal(2, await h.QueryAsync(db => db.Titles.CountAsync(t => t.Kind == TitleKind.Movie)));
        Assert.Equal(6, await h.QueryAsync(db => db.Episodes.CountAsync()));

        var show = await h.QueryAsync(db => db.Titles.AsNoTracking().SingleAsync(t => t.Name == "Show 1"));
        Assert.Equal((1991, 7.9, "The story of show 1."), (show.Year, show.CommunityRating, show.Summary));
        Assert.Equal($"/Items/{JellyfinPayloads.SeriesId(1)}/Images/Primary", show.Poster?.Location);
        var showIds = await h.QueryAsync(db => db.ProviderRefs.Where(p => p.TitleId == show.Id).Select(p => p.Provider + "=" + p.ExternalId).OrderBy(x => x).ToListAsync());
        Assert.Equal(["imdb=tt0000001", $"jellyfin={JellyfinPayloads.SeriesId(1)}", "tvdb=70001"], showIds);
        var labels = await h.QueryAsync(db => db.TitleTags.Where(t => t.TitleId == show.Id).Select(t => t.Kind + ":" + t.Name).OrderBy(x => x).ToListAsync());
        Assert.Equal(["Genre:Comedy", "Genre:Family", "Studio:NBC", "Tag:Christmas"], labels);

        var movie = await h.QueryAsync(db => db.Titles.AsNoTracking().SingleAsync(t => t.Name == "Movie 1"));
        Assert.Equal((1984, 8.4), (movie.Year, movie.CommunityRating));
        var movieIds = await h.QueryAsync(db => db.ProviderRefs.Where(p => p.TitleId == movie.Id).Select(p => p.Provider + "=" + p.ExternalId).OrderBy(x => x).ToListAsync());
        Assert.Equal(["imdb=tt0087001", $"jellyfin={JellyfinPayloads.MovieId(1)}", "tmdb=621"], movieIds);

        var run = await h.QueryAsync(db => db.SyncRuns.SingleAsync());
        Assert.StartsWith("jellyfin-delta/1 ", run.Cursor);
    }

    [Fact]
    public async Task Intro_and_outro_media_segments_become_markers_and_an_unchanged_re_sync_makes_no_per_item_request_and_writes_nothing()
    {
        await using var h = await LibraryAsync(shows: 1, episodesPerShow: 2, movies: 0);
        h.Server.SetSegments(JellyfinPayloads.EpisodeId(0, 1), ("Intro", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(65)), ("Recap", TimeSpan.Zero, TimeSpan.FromSeconds(5)), ("Outro", TimeSpan.FromSeconds(1250), TimeSpan.FromSeconds(1320)));
        await h.AddSourceAsync(libraries: "TV Shows");
        await h.SyncAsync();

        var markers = await h.QueryAsync(db => db.Markers.OrderBy(m => m.Start).Select(m => new { m.Kind, m.Start, m.End }).ToListAsync());
        Assert.Equal([(MarkerKind.Intro, 5.0, 65.0), (MarkerKind.Outro, 1250.0, 1320.0)], markers.Select(m => (m.Kind, m.Start.TotalSeconds, m.End!.Value.TotalSeconds)));
        Assert.Equal(2, h.Server.SegmentRequests);

        var requestsBefore = h.Server.Requests.Count;
        var summary = await h.SyncAsync();
        var delta = await h.SyncAsync(IngestMode.Delta);

        Assert.Equal((2, 0, 0), (summary.Unchanged, summary.Added, summary.Updated));
        Assert.Equal((SyncMode.Delta, 0, 0), (delta.Mode, delta.Added, delta.Updated));
        var later = h.Server.Requests.Skip(requestsBefore).ToList();
        Assert.DoesNotContain(later, r => r.IsSegments);
        Assert.All(later, r => Assert.True(r.IsListing || r.Path is "/System/Info/Public" or "/Library/VirtualFolders", r.RawTarget));
        Assert.Contains(later, r => r.IsListing && r.Query.ContainsKey("MinDateLastSaved"));
        Assert.Equal(2, await h.QueryAsync(db => db.Markers.CountAsync()));
    }

    [Fact]
    public async Task Emby_chapter_marks_become_intro_and_credits_markers_from_the_listing_without_per_item_requests()
    {
        await using var h = await LibraryAsync(emby: true, shows: 1, episodesPerShow: 2, movies: 0);
        var episodes = h.Server.ItemsOf(JellyfinSyncHarness.TvLibrary);
        var marked = episodes.Single(i => (string?)i["Id"] == JellyfinPayloads.EpisodeId(0, 1));
        marked["Chapters"] = new JsonArray(
            Chapter(0, "Chapter 1", "Chapter"),
            Chapter(5, "Intro", "IntroStart"),
            Chapter(65, "Chapter 2", "IntroEnd"),
            Chapter(600, "Chapter 3", "Chapter"),
            Chapter(1250, "Credits", "CreditsStart"));
        var unmatched = episodes.Single(i => (string?)i["Id"] == JellyfinPayloads.EpisodeId(0, 2));
        unmatched["Chapters"] = new JsonArray(Chapter(30, "Intro", "IntroStart"), Chapter(9999, "Credits", "CreditsStart"));
        await h.AddSourceAsync(libraries: "TV Shows");

        await h.SyncAsync();

        var markers = await h.QueryAsync(db => db.Markers.OrderBy(m => m.Start).Select(m => new { m.Kind, m.Start, m.End }).ToListAsync());
        Assert.Equal([(MarkerKind.Intro, 5.0, 65.0), (MarkerKind.Outro, 1250.0, 1320.0)], markers.Select(m => (m.Kind, m.Start.TotalSeconds, m.End!.Value.TotalSeconds)));
        Assert.Equal(0, h.Server.SegmentRequests);
        Assert.All(h.Server.Requests.Where(r => r.IsListing && r.Types == "Episode"), r => Assert.Contains("Chapters", r.Query["Fields"], StringComparison.Ordinal));

        static JsonObject Chapter(int seconds, string name, string marker) =>
            new() { ["StartPositionTicks"] = TimeSpan.FromSeconds(seconds).Ticks, ["Name"] = name, ["MarkerType"] = marker };
    }

    [Fact]
    public async Task A_delta_sync_lists_only_items_saved_since_the_cursor_and_asks_segments_only_for_them()
    {
        await using var h = await LibraryAsync(shows: 2, episodesPerShow: 3, movies: 1);
        await h.AddSourceAsync();
        await h.SyncAsync();
        var segmentsBefore = h.Server.SegmentRequests;

        var changed = h.Server.ItemsOf(JellyfinSyncHarness.TvLibrary).Single(i => (string?)i["Id"] == JellyfinPayloads.EpisodeId(0, 2));
        changed["Name"] = "The Renamed One";
        changed["DateLastSaved"] = JellyfinPayloads.Stamp(JellyfinPayloads.Saved.AddDays(2));
        var summary = await h.SyncAsync(IngestMode.Delta);

        Assert.Equal((SyncMode.Delta, 1, 0, 0), (summary.Mode, summary.Updated, summary.Added, summary.Retired));
        Assert.Equal(segmentsBefore + 1, h.Server.SegmentRequests);
        Assert.Equal(1, await h.QueryAsync(db => db.Episodes.CountAsync(e => e.Name == "The Renamed One")));
    }

    [Fact]
    public async Task A_wrong_api_key_fails_with_a_one_line_error_and_retires_nothing()
    {
        await using var h = await LibraryAsync();
        await h.AddSourceAsync();
        await h.SyncAsync();

        await h.ChangeSettingAsync(SourceEditor.TokenKey, "0000000000000000wrong");
        var summary = await h.SyncAsync();

        Assert.Equal((SyncOutcome.Incomplete, 0), (summary.Outcome, summary.Retired));
        Assert.Equal(8, await h.ActiveAssetsAsync());
        var error = await h.QueryAsync(db => db.SyncRuns.OrderByDescending(r => r.StartedAt).Select(r => r.Error).FirstAsync());
        Assert.Contains("rejected the API key (401): wrong API key", error);
        Assert.DoesNotContain('\n', error!);
    }

    [Fact]
    public async Task A_url_that_is_not_a_jellyfin_server_fails_clearly_and_retires_nothing()
    {
        await using var h = await LibraryAsync();
        await h.AddSourceAsync();
        await h.SyncAsync();

        await h.ChangeSettingAsync(SourceEditor.UrlKey, new Uri(h.Server.BaseUri, "not-jellyfin/").ToString());
        var summary = await h.SyncAsync();

        Assert.Equal((SyncOutcome.Incomplete, 0), (summary.Outcome, summary.Retired));
        var error = await h.QueryAsync(db => db.SyncRuns.OrderByDescending(r => r.StartedAt).Select(r => r.Error).FirstAsync());
        Assert.Contains("has no GET /System/Info/Public (404): is the URL that of a Jellyfin server", error);
        Assert.DoesNotContain('\n', error!);
    }

    [Theory]
    [InlineData(JellyfinFault.Drop)]
    [InlineData(JellyfinFault.Hang)]
    public async Task A_server_failing_mid_listing_retires_nothing_and_the_next_full_run_completes_and_retires_what_is_gone(JellyfinFault fault)
    {
        await using var h = await LibraryAsync(shows: 4, episodesPerShow: 15, movies: 0);
        await h.AddSourceAsync(libraries: "TV Shows");
        await h.SyncAsync();
        h.Server.ItemsOf(JellyfinSyncHarness.TvLibrary).RemoveAll(i => (string?)i["Id"] == JellyfinPayloads.EpisodeId(0, 1));
        h.Server.InjectFault = r => r.IsListing && r.Types == "Episode" && r.Query.GetValueOrDefault("StartIndex") == "50" ? fault : null;

        var failed = await h.SyncAsync();

        Assert.Equal((SyncOutcome.Incomplete, 0), (failed.Outcome, failed.Retired));
        Assert.Equal(60, await h.ActiveAssetsAsync());
        var error = await h.QueryAsync(db => db.SyncRuns.OrderByDescending(r => r.StartedAt).Select(r => r.Error).FirstAsync());
        Assert.Contains("nothing is retired this time", error);

        h.Server.InjectFault = null;
        var next = await h.SyncAsync();

        Assert.Equal((SyncMode.Full, SyncOutcome.Succeeded, 1), (next.Mode, next.Outcome, next.Retired));
        Assert.Equal(59, await h.ActiveAssetsAsync());
    }

    [Fact]
    public async Task A_server_returning_fewer_items_per_page_than_asked_is_listed_completely()
    {
        await using var h = await LibraryAsync(shows: 2, episodesPerShow: 30, movies: 0);
        h.Server.ServedPageSize = _ => 7;
        await h.AddSourceAsync(libraries: "TV Shows");

        var summary = await h.SyncAsync();

        Assert.Equal((SyncOutcome.Succeeded, 60), (summary.Outcome, summary.Added));
        var episodePages = h.Server.Requests.Where(r => r.IsListing && r.Types == "Episode").Select(r => int.Parse(r.Query["StartIndex"], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(0, 9).Select(i => i * 7), episodePages);
    }

    [Fact]
    public async Task Items_without_a_path_without_provider_ids_or_numbers_and_listed_in_two_libraries_are_handled()
    {
        await using var h = await LibraryAsync(shows: 1, episodesPerShow: 2, movies: 2);
        var movies = h.Server.ItemsOf(JellyfinSyncHarness.MovieLibrary);
        movies[0].Remove("Path");
        ((JsonObject)movies[0]["MediaSources"]![0]!).Remove("Path");
        movies[1].Remove("ProviderIds");
        h.Server.AddLibrary("lib-more", "More Movies", "movies");
        h.Server.ItemsOf("lib-more").Add((JsonObject)movies[1].DeepClone());
        var unnumbered = JellyfinPayloads.Episode(0, 9);
        unnumbered.Remove("IndexNumber");
        h.Server.ItemsOf(JellyfinSyncHarness.TvLibrary).Add(unnumbered);
        await h.AddSourceAsync(pathMaps: [new PathMappingView("/media", "/mnt/nas")]);

        var summary = await h.SyncAsync();

        Assert.Equal((SyncOutcome.Succeeded, 5), (summary.Outcome, summary.FilesFound));
        var assets = await h.AssetsAsync();
        var pathless = assets.Single(a => a.CanonicalPath == $"jellyfin://{FakeJellyfinServer.ServerId}/items/{JellyfinPayloads.MovieId(0)}");
        Assert.False(pathless.LocallyReachable);
        Assert.NotNull(pathless.StreamKey);
        Assert.Single(assets, a => a.CanonicalPath == "/mnt/nas/movies/Movie 1 (1984)/Movie 1 (1984).mp4");
        var movie1 = await h.QueryAsync(db => db.Titles.SingleAsync(t => t.Name == "Movie 1"));
        var ids = await h.QueryAsync(db => db.ProviderRefs.Where(p => p.TitleId == movie1.Id).Select(p => p.Provider).ToListAsync());
        Assert.Equal(["jellyfin"], ids);
        var reviews = await h.QueryAsync(db => db.ReviewItems.Select(r => r.Details).ToListAsync());
        Assert.Contains(reviews, r => r.Contains("no season and episode number for 'Show 0'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_api_key_travels_only_in_a_header_never_in_a_url_or_a_log_line(bool emby)
    {
        await using var h = await LibraryAsync(emby);
        await h.AddSourceAsync();

        var summary = await h.SyncAsync();
        await h.ChangeSettingAsync(SourceEditor.TokenKey, h.Server.ApiKey + "x");
        await h.SyncAsync();

        Assert.Equal(8, summary.Added);
        Assert.All(h.Server.Requests, r => Assert.DoesNotContain(h.Server.ApiKey, r.RawTarget, StringComparison.Ordinal));
        Assert.All(h.Server.Requests.Where(r => r.Path != "/System/Info/Public"), r => Assert.True(
            emby ? r.Headers.ContainsKey("X-Emby-Token") : r.Headers["Authorization"].StartsWith("MediaBrowser ", StringComparison.Ordinal)));
        Assert.NotEmpty(h.Logs.Lines);
        Assert.DoesNotContain(h.Logs.Lines, line => line.Contains(h.Server.ApiKey, StringComparison.Ordinal));
        var errors = await h.QueryAsync(db => db.SyncRuns.Select(r => r.Error ?? "").ToListAsync());
        Assert.DoesNotContain(errors, e => e.Contains(h.Server.ApiKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_emby_source_imports_with_emby_ids_and_no_segment_requests()
    {
        await using var h = await LibraryAsync(emby: true);
        await h.AddSourceAsync();

        var summary = await h.SyncAsync();

        Assert.Equal((SyncOutcome.Succeeded, 8), (summary.Outcome, summary.Added));
        Assert.Equal(0, h.Server.SegmentRequests);
        Assert.All(await h.AssetsAsync(), a => Assert.StartsWith("/Videos/", a.StreamKey));
        Assert.Equal(2, await h.QueryAsync(db => db.ProviderRefs.CountAsync(p => p.Provider == "emby" && p.TitleId != null && p.ExternalId.StartsWith("4d0f1"))));
    }
}
