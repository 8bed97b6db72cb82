using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RetroVue.App.Ingest;
using RetroVue.Domain.Library;
using RetroVue.Tests.Plex.Support;

namespace RetroVue.Tests.Plex;

/// <summary>Posters and stills from Plex listings: recorded and generated libraries, real importer and ingest, real PostgreSQL.</summary>
public sealed class PlexArtworkSyncTests
{
    private static async Task<(ArtworkRef? Poster, ArtworkRef? Still)> ArtworkOfEpisodeAsync(PlexSyncHarness h, string ratingKey) =>
        await h.QueryAsync(async db =>
        {
            var episodeId = await db.ProviderRefs.Where(r => r.Provider == Providers.PlexRatingKey && r.ExternalId == ratingKey && r.EpisodeId != null).Select(r => r.EpisodeId!.Value).SingleAsync();
            var episode = await db.Episodes.AsNoTracking().SingleAsync(e => e.Id == episodeId);
            var title = await db.Titles.AsNoTracking().SingleAsync(t => t.Id == episode.TitleId);
            return (title.Poster, episode.Still);
        });

    private static Task<ArtworkRef?> PosterOfMovieAsync(PlexSyncHarness h, string ratingKey) =>
        h.QueryAsync(async db =>
        {
            var titleId = await db.ProviderRefs.Where(r => r.Provider == Providers.PlexRatingKey && r.ExternalId == ratingKey && r.TitleId != null).Select(r => r.TitleId!.Value).SingleAsync();
            return (await db.Titles.AsNoTracking().SingleAsync(t => t.Id == titleId)).Poster;
        });

    private static Task<Guid> SourceIdAsync(PlexSyncHarness h) => h.QueryAsync(db => db.Sources.Select(s => s.Id).SingleAsync());

    [Fact]
    public async Task A_sync_of_recorded_listings_records_movie_posters_episode_stills_and_the_show_poster_from_grandparent_thumb()
    {
        await using var h = await PlexSyncHarness.CreateAsync();
        h.Movies.AddRange(PlexFixtures.Items("library_sections_1_all_movies_includeGuids").Select(m => m.AsObject()));

        // The recorded show listing does not hold this show: its episodes' grandparentThumb names the poster.
        h.Episodes.AddRange(PlexFixtures.Items("library_sections_2_all_type4_episodes_includeGuids").Select(e => e.AsObject()));
        h.Publish();
        await h.AddSourceAsync();

        await h.SyncAsync();

        var source = await SourceIdAsync(h);
        Assert.Equal(ArtworkRef.ServerImage(source, "/library/metadata/9881/thumb/1723182007"), await PosterOfMovieAsync(h, "9881"));
        Assert.Equal(ArtworkRef.ServerImage(source, "/library/metadata/21050/thumb/1721967834"), await PosterOfMovieAsync(h, "21050"));
        var (poster, still) = await ArtworkOfEpisodeAsync(h, "45522");
        Assert.Equal(ArtworkRef.ServerImage(source, "/library/metadata/45520/thumb/1724304813"), poster);
        Assert.Equal(ArtworkRef.ServerImage(source, "/library/metadata/45522/thumb/1633811171"), still);
        Assert.Equal(ArtworkKind.ServerImage, still!.Kind);
        Assert.Equal(5, await h.QueryAsync(db => db.Titles.CountAsync(t => t.Poster != null && t.Kind == TitleKind.Movie)));
        Assert.Equal(10, await h.QueryAsync(db => db.Episodes.CountAsync(e => e.Still != null)));
    }

    [Fact]
    public async Task The_show_listings_thumb_is_the_show_poster_and_thumbs_that_are_not_server_paths_are_ignored()
    {
        await using var h = await PlexSyncHarness.CreateAsync();
        var show = GeneratedLibrary.Show(1);
        show["thumb"] = "/library/metadata/100001/thumb/1700000001";
        h.Shows.Add(show);
        var first = GeneratedLibrary.Episode(1, 1);
        first["thumb"] = "/library/metadata/1001001/thumb/1700000002";
        first["grandparentThumb"] = "/library/metadata/100001/thumb/1600000000";
        var second = GeneratedLibrary.Episode(1, 2);
        second["thumb"] = "https://image.example.com/elsewhere.jpg";
        h.Episodes.AddRange([first, second]);
        h.Publish();
        await h.AddSourceAsync();

        await h.SyncAsync();

        var source = await SourceIdAsync(h);
        var (poster, still) = await ArtworkOfEpisodeAsync(h, GeneratedLibrary.EpisodeKey(1, 1));
        Assert.Equal(ArtworkRef.ServerImage(source, "/library/metadata/100001/thumb/1700000001"), poster);
        Assert.Equal(ArtworkRef.ServerImage(source, "/library/metadata/1001001/thumb/1700000002"), still);
        Assert.Null((await ArtworkOfEpisodeAsync(h, GeneratedLibrary.EpisodeKey(1, 2))).Still);
    }

    [Fact]
    public async Task An_unchanged_re_sync_writes_nothing_and_a_catalog_from_before_artwork_gets_it_once_without_asking_for_chapters_again()
    {
        await using var h = await PlexSyncHarness.CreateAsync();
        h.Episodes.AddRange(PlexFixtures.Items("library_sections_2_all_type4_episodes_includeGuids").Select(e => e.AsObject()));
        h.Movies.AddRange(PlexFixtures.Items("library_sections_1_all_movies_includeGuids").Select(m => m.AsObject()));
        h.Publish();
        foreach (var item in h.Episodes.Concat(h.Movies).Where(e => e["chapterSource"] is not null))
        {
            h.Server.SetDetail((string)item["ratingKey"]!, PlexFixtures.DetailWith(item, PlexFixtures.Chapters((0, 600_000, "A"), (600_000, 1_200_000, "B"))));
        }

        await h.AddSourceAsync();
        await h.SyncAsync();
        var details = h.Server.DetailRequests;
        var writes = await h.CatalogWritesAsync();

        var unchanged = await h.SyncAsync();

        Assert.Equal((15, 0, 0), (unchanged.Unchanged, unchanged.Updated, unchanged.Added));
        Assert.Equal(writes, await h.CatalogWritesAsync());

        // As after an upgrade: the catalog has no artwork, while every source fingerprint is as it was.
        await h.QueryAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE titles SET poster = NULL; UPDATE episodes SET still = NULL;"));
        var backfill = await h.SyncAsync();
        var afterBackfill = await h.CatalogWritesAsync();
        var settled = await h.SyncAsync();

        Assert.Equal(15, backfill.Updated);
        Assert.Equal(10, await h.QueryAsync(db => db.Episodes.CountAsync(e => e.Still != null)));
        Assert.Equal(6, await h.QueryAsync(db => db.Titles.CountAsync(t => t.Poster != null)));
        Assert.Equal(details, h.Server.DetailRequests);
        Assert.Equal((15, 0), (settled.Unchanged, settled.Updated));
        Assert.Equal(afterBackfill, await h.CatalogWritesAsync());
    }

    [Fact]
    public async Task A_poster_changed_in_plex_replaces_the_old_one_and_a_removed_still_is_cleared()
    {
        await using var h = await PlexSyncHarness.CreateAsync();
        h.Shows.Add(GeneratedLibrary.Show(1));
        var episode = GeneratedLibrary.Episode(1, 1);
        episode["thumb"] = "/library/metadata/1001001/thumb/1";
        episode["grandparentThumb"] = "/library/metadata/100001/thumb/1";
        h.Episodes.Add(episode);
        h.Publish();
        await h.AddSourceAsync();
        await h.SyncAsync();

        episode.Remove("thumb");
        episode["grandparentThumb"] = "/library/metadata/100001/thumb/2";
        h.Publish();
        await h.SyncAsync();

        var (poster, still) = await ArtworkOfEpisodeAsync(h, GeneratedLibrary.EpisodeKey(1, 1));
        Assert.Equal("/library/metadata/100001/thumb/2", poster?.Location);
        Assert.Null(still);
    }
}
