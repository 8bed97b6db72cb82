using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RetroVue.App.Scheduling;
using RetroVue.App.Scheduling.Yaml;
using RetroVue.Domain.Library;
using RetroVue.Domain.Scheduling;
using RetroVue.Tests.Channels;
using RetroVue.Tests.Plex.Support;

namespace RetroVue.Tests.Plex;

/// <summary>Genres, collections, labels, studios and scores from Plex listings, end to end into title_tags.</summary>
public sealed class PlexTagSyncTests
{
    private static Task<List<string>> LabelsOfAsync(PlexSyncHarness h, string title, Guid? sourceId = null) =>
        h.QueryAsync(db => db.TitleTags.AsNoTracking()
            .Where(t => db.Titles.Any(x => x.Id == t.TitleId && x.Name == title) && (sourceId == null || t.SourceId == sourceId))
            .OrderBy(t => t.Kind).ThenBy(t => t.Name)
            .Select(t => t.Kind + ":" + t.Name)
            .ToListAsync());

    private static JsonArray Tags(params string[] names) => new(names.Select(n => (JsonNode)new JsonObject { ["tag"] = n }).ToArray());

    private static async Task<PlexSyncHarness> MoviesFromRecordedListingAsync()
    {
        var h = await PlexSyncHarness.CreateAsync();
        h.Movies.AddRange(PlexFixtures.Items("library_sections_1_all_movies_page").Select(m => m.AsObject()));
        h.Publish();
        await h.AddSourceAsync(libraries: ["Movies"]);
        await h.SyncAsync();
        return h;
    }

    [Fact]
    public async Task A_sync_of_a_recorded_movie_listing_stores_its_genres_collections_studio_and_audience_score()
    {
        await using var h = await MoviesFromRecordedListingAsync();

        Assert.Equal(["Genre:Comedy", "Genre:Western", "Studio:The Sam Company"], await LabelsOfAsync(h, "4 for Texas"));
        Assert.Equal(["Genre:Action", "Genre:Adventure", "Studio:Centropolis Entertainment", "Tag:Working NL Subs"], await LabelsOfAsync(h, "10,000 BC"));
        var texas = await h.QueryAsync(db => db.Titles.AsNoTracking().SingleAsync(t => t.Name == "4 for Texas"));
        Assert.Equal(3.7, texas.CommunityRating);
        var normalized = await h.QueryAsync(db => db.TitleTags.Where(t => t.Name == "Working NL Subs").Select(t => t.NormalizedName).Distinct().ToListAsync());
        Assert.Equal(["working nl subs"], normalized);
    }

    [Fact]
    public async Task Episodes_give_their_show_the_shows_genres_labels_and_studio_and_a_critics_score_outside_0_to_10_is_ignored()
    {
        await using var h = await PlexSyncHarness.CreateAsync();
        h.ServeShows(shows: 2, episodesPerShow: 2);
        h.Shows[0]["Genre"] = Tags("Sitcom", "Comedy");
        h.Shows[0]["Label"] = Tags("Kids");
        h.Shows[0]["studio"] = "NBC";
        h.Shows[0]["rating"] = 2049;
        h.Shows[1]["audienceRating"] = 8.5;
        h.Publish();
        await h.AddSourceAsync(libraries: ["TV Shows"]);

        await h.SyncAsync();

        Assert.Equal(["Genre:Comedy", "Genre:Sitcom", "Studio:NBC", "Tag:Kids"], await LabelsOfAsync(h, "Show 000"));
        Assert.Empty(await LabelsOfAsync(h, "Show 001"));
        var ratings = await h.QueryAsync(db => db.Titles.AsNoTracking().OrderBy(t => t.Name).Select(t => t.CommunityRating).ToListAsync());
        Assert.Equal([null, 8.5], ratings);
    }

    [Fact]
    public async Task A_re_sync_after_a_genre_changed_in_plex_replaces_it_and_keeps_another_sources_labels()
    {
        await using var h = await PlexSyncHarness.CreateAsync();
        h.ServeShows(shows: 2, episodesPerShow: 3);
        h.Shows[0]["Genre"] = Tags("Drama");
        h.Publish();
        await h.AddSourceAsync(libraries: ["TV Shows"]);
        await h.SyncAsync();
        var plexId = await h.QueryAsync(db => db.Sources.Select(s => s.Id).SingleAsync());
        var otherId = await h.QueryAsync(async db =>
        {
            var other = new Source("nfo-folder", SourceKind.Filesystem, new Dictionary<string, string> { ["path"] = "/media" }, DateTimeOffset.UnixEpoch);
            db.Sources.Add(other);
            var title = await db.Titles.SingleAsync(t => t.Name == "Show 000");
            db.TitleTags.Add(new TitleTag(title.Id, other.Id, TagKind.Genre, TagName.FromSource("Drama")!.Value));
            db.TitleTags.Add(new TitleTag(title.Id, other.Id, TagKind.Tag, TagName.FromSource("Favourites")!.Value));
            await db.SaveChangesAsync();
            return other.Id;
        });

        h.Shows[0]["Genre"] = Tags("Comedy", "  science   FICTION ");
        h.Publish();
        var summary = await h.SyncAsync();

        Assert.Equal((3, 3), (summary.Updated, summary.Unchanged));
        Assert.Equal(["Genre:Comedy", "Genre:science FICTION"], await LabelsOfAsync(h, "Show 000", plexId));
        Assert.Equal(["Genre:Drama", "Tag:Favourites"], await LabelsOfAsync(h, "Show 000", otherId));

        var again = await h.SyncAsync();
        Assert.Equal(6, again.Unchanged);
    }

    [Fact]
    public async Task A_300_character_genre_and_a_label_with_control_characters_are_cleaned_not_refused()
    {
        await using var h = await PlexSyncHarness.CreateAsync();
        h.ServeShows(shows: 1, episodesPerShow: 1);
        h.Shows[0]["Genre"] = Tags(new string('x', 300), "\u0000\u0007");
        h.Shows[0]["Label"] = Tags("Night\u0001Owl\tShows\u001b");
        h.Publish();
        await h.AddSourceAsync(libraries: ["TV Shows"]);

        var summary = await h.SyncAsync();

        Assert.Equal(1, summary.Added);
        var tags = await h.QueryAsync(db => db.TitleTags.AsNoTracking().OrderBy(t => t.Kind).ToListAsync());
        Assert.Equal(2, tags.Count);
        Assert.Equal(new string('x', TagName.MaxLength), tags[0].Name);
        Assert.Equal("NightOwl Shows", tags[1].Name);
        Assert.Equal("nightowl shows", tags[1].NormalizedName);
    }

    [Fact]
    public async Task A_schedule_pool_of_tags_plays_the_plex_movies_of_that_genre_from_the_stored_catalog()
    {
        await using var h = await MoviesFromRecordedListingAsync();
        var comedies = await h.QueryAsync(db => db.Assets.AsNoTracking()
            .Where(a => db.TitleTags.Any(t => t.TitleId == a.TitleId && t.NormalizedName == "comedy"))
            .Select(a => a.Id).ToListAsync());
        Assert.Equal(2, comedies.Count);
        var yaml = Yamls.Channel("7", "Comedy", """
            pools:
              - name: laughs
                tags: [COMEDY]
            layers:
              - name: every day
                days: all
                blocks:
                  - at: "06:00"
                    kind: fill
                    pool: laughs
                    order: shuffle
            """);

        var applied = await h.Get<ChannelService>().ApplyAsync([new ScheduleSource("comedy.yaml", yaml)], CancellationToken.None);
        await h.Get<PlayoutService>().BuildAsync(new PlayoutRequest(ChannelNumber.Parse("7"), TimeSpan.FromDays(1)), CancellationToken.None);

        Assert.Equal(ApplyOutcome.Created, Assert.Single(applied).Outcome);
        var played = await h.QueryAsync(db => db.TimelineEntries.AsNoTracking().Where(e => e.AssetId != null && e.Pool == "laughs").Select(e => e.AssetId!.Value).ToListAsync());
        Assert.NotEmpty(played);
        Assert.All(played, id => Assert.Contains(id, comedies));
        Assert.Equal(comedies.Order(), played.Distinct().Order());
    }
}
