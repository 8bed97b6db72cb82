using Microsoft.EntityFrameworkCore;
using RetroVue.Domain.Library;
using RetroVue.Domain.Review;

namespace RetroVue.Tests.Ingest.Nfo;

/// <summary>Kodi-style NFO files beside local media, read by the NFO enricher plugin during a real folder ingest.</summary>
public sealed class NfoIngestTests
{
    private static Task<List<string>> LabelsAsync(IngestHarness h) =>
        h.QueryAsync(db => db.TitleTags.AsNoTracking().OrderBy(t => t.Kind).ThenBy(t => t.Name).Select(t => t.Kind + ":" + t.Name).ToListAsync());

    private static async Task<(string Name, int? Year)> NameAndYearAsync(IngestHarness h)
    {
        var title = await h.QueryAsync(db => db.Titles.AsNoTracking().SingleAsync());
        return (title.Name, title.Year);
    }

    private static Task<List<string>> IdsAsync(IngestHarness h) =>
        h.QueryAsync(db => db.ProviderRefs.AsNoTracking().OrderBy(r => r.Provider).Select(r => r.Provider + "=" + r.ExternalId).ToListAsync());

    [Fact]
    public async Task A_movie_nfo_names_the_movie_and_gives_its_plot_genres_tags_studio_ids_and_default_rating()
    {
        await using var h = await IngestHarness.CreateAsync();
        await h.VideoAsync("Wrong Name (1999)/Wrong Name (1999).mkv");
        await File.WriteAllTextAsync(h.PathOf("Wrong Name (1999)/Wrong Name (1999).nfo"), """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <movie>
              <title>The Right Name</title>
              <year>2001</year>
              <plot>A film about names.</plot>
              <mpaa>PG</mpaa>
              <genre>Comedy</genre>
              <genre>Science  Fiction</genre>
              <tag>Christmas</tag>
              <studio>Acme Pictures</studio>
              <uniqueid type="imdb" default="true">tt0123456</uniqueid>
              <uniqueid type="tmdb">4242</uniqueid>
              <ratings>
                <rating name="themoviedb" max="10"><value>6.1</value></rating>
                <rating name="imdb" max="10" default="true"><value>7.9</value><votes>1000</votes></rating>
              </ratings>
              <actor><name>Someone</name><role>Lead</role></actor>
            </movie>
            """);
        await h.AddSourceAsync(kind: SourceContentKind.Movies);

        var summary = await h.RunAsync();

        Assert.Equal(1, summary.Added);
        var title = await h.QueryAsync(db => db.Titles.AsNoTracking().SingleAsync());
        Assert.Equal(("The Right Name", 2001, "A film about names.", "PG", 7.9), (title.Name, title.Year, title.Summary, title.ContentRating, title.CommunityRating));
        Assert.Equal(["Genre:Comedy", "Genre:Science Fiction", "Studio:Acme Pictures", "Tag:Christmas"], await LabelsAsync(h));
        Assert.Equal(["imdb=tt0123456", "tmdb=4242"], await IdsAsync(h));
        Assert.StartsWith("nfo1:", (await h.AssetsAsync()).Single().SourceFingerprint);
    }

    [Fact]
    public async Task A_tvshow_nfo_and_an_episode_nfo_name_the_show_and_the_episode_with_legacy_ids_and_a_plain_rating()
    {
        await using var h = await IngestHarness.CreateAsync();
        await h.VideoAsync("the show/Season 01/the show - S01E02.mkv");
        await File.WriteAllTextAsync(h.PathOf("the show/tvshow.nfo"), """
            <tvshow>
              <title>The Real Show</title>
              <premiered>1989-07-05</premiered>
              <plot>Nothing happens.</plot>
              <rating>8.1</rating>
              <genre>Comedy / Sitcom</genre>
              <id>79169</id>
            </tvshow>
            """);
        await File.WriteAllTextAsync(h.PathOf("the show/Season 01/the show - S01E02.nfo"), """
            <episodedetails>
              <title>The Pilot Again</title>
              <season>9</season>
              <episode>9</episode>
              <plot>It happens again.</plot>
              <aired>1989-07-12</aired>
              <uniqueid type="tvdb">300001</uniqueid>
            </episodedetails>
            """);
        await h.AddSourceAsync(kind: SourceContentKind.Shows);

        await h.RunAsync();

        var show = await h.QueryAsync(db => db.Titles.AsNoTracking().SingleAsync());
        Assert.Equal(("The Real Show", 1989, "Nothing happens.", 8.1), (show.Name, show.Year, show.Summary, show.CommunityRating));
        var episode = await h.QueryAsync(db => db.Episodes.AsNoTracking().SingleAsync());
        var season = await h.QueryAsync(db => db.Seasons.AsNoTracking().SingleAsync());
        Assert.Equal((1, 2, "The Pilot Again", "It happens again.", new DateOnly(1989, 7, 12)), (season.Number, episode.Number, episode.Name, episode.Summary, episode.AirDate));
        Assert.Equal(["Genre:Comedy", "Genre:Sitcom"], await LabelsAsync(h));
        Assert.Equal(["tvdb=300001", "tvdb=79169"], (await IdsAsync(h)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_nfo_added_edited_or_removed_beside_an_unchanged_file_is_picked_up_by_the_next_ingest()
    {
        await using var h = await IngestHarness.CreateAsync();
        await h.VideoAsync("Movies/Heat (1995)/Heat (1995).mkv");
        var nfo = h.PathOf("Movies/Heat (1995)/movie.nfo");
        await h.AddSourceAsync(kind: SourceContentKind.Movies);
        await h.RunAsync();
        Assert.Equal(("Heat", 1995), await NameAndYearAsync(h));
        Assert.Empty(await LabelsAsync(h));

        await File.WriteAllTextAsync(nfo, "<movie><genre>Crime</genre></movie>");
        var added = await h.RunAsync();
        Assert.Equal(1, added.Updated);
        Assert.Equal(["Genre:Crime"], await LabelsAsync(h));

        await File.WriteAllTextAsync(nfo, "<movie><genre>Thriller</genre><tag>Heists</tag></movie>");
        File.SetLastWriteTimeUtc(nfo, DateTime.UtcNow.AddMinutes(1));
        var edited = await h.RunAsync();
        Assert.Equal(1, edited.Updated);
        Assert.Equal(["Genre:Thriller", "Tag:Heists"], await LabelsAsync(h));

        File.Delete(nfo);
        var removed = await h.RunAsync();
        Assert.Equal(1, removed.Updated);
        Assert.Empty(await LabelsAsync(h));

        var again = await h.RunAsync();
        Assert.Equal((0, 1), (again.Updated, again.Unchanged));
    }

    public static TheoryData<string, string, string> BadNfos => new()
    {
        { "malformed XML", "<movie><title>Broken</movie>", "is not well-formed XML (line 1" },
        { "an empty file", "", "is empty" },
        { "a huge file", "<movie><plot>" + new string('x', 1_100_000) + "</plot></movie>", "bytes; an NFO file may have at most 1,048,576" },
        { "the wrong root element", "<tvshow><title>Not a movie</title></tvshow>", "is a <tvshow> NFO; expected <movie>" },
        { "an entity bomb", "<?xml version=\"1.0\"?><!DOCTYPE movie [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]><movie><title>&b;</title></movie>", "is not well-formed XML" },
    };

    [Theory]
    [MemberData(nameof(BadNfos))]
    public async Task A_bad_nfo_is_ignored_with_one_review_item_and_the_media_file_still_ingests(string what, string content, string message)
    {
        await using var h = await IngestHarness.CreateAsync();
        await h.VideoAsync("Alien (1979)/Alien (1979).mkv");
        await File.WriteAllTextAsync(h.PathOf("Alien (1979)/Alien (1979).nfo"), content);
        await h.AddSourceAsync(kind: SourceContentKind.Movies);

        var summary = await h.RunAsync();

        Assert.Equal(1, summary.Added);
        Assert.Equal(AssetState.Ready, Assert.Single(await h.AssetsAsync()).State);
        Assert.Equal(("Alien", 1979), await NameAndYearAsync(h));
        var item = Assert.Single(await h.QueryAsync(db => db.ReviewItems.AsNoTracking().ToListAsync()));
        Assert.Equal(ReviewReason.MetadataUnreadable, item.Reason);
        Assert.Contains("Alien (1979).nfo", item.Details);
        Assert.Contains(message, item.Details);
        Assert.True(item.Details.Length < 400, what);
    }

    [Fact]
    public async Task Nfo_tags_of_300_characters_or_with_control_characters_are_cleaned()
    {
        await using var h = await IngestHarness.CreateAsync();
        await h.VideoAsync("Jaws (1975)/Jaws (1975).mkv");
        await File.WriteAllTextAsync(h.PathOf("Jaws (1975)/movie.nfo"), $"<movie><tag>{new string('y', 300)}</tag><genre>Sea\u0085Monster\u009b</genre><studio>\t</studio></movie>");
        await h.AddSourceAsync(kind: SourceContentKind.Movies);

        await h.RunAsync();

        var tags = await h.QueryAsync(db => db.TitleTags.AsNoTracking().OrderBy(t => t.Kind).ToListAsync());
        Assert.Equal(2, tags.Count);
        Assert.Equal("Sea Monster", tags[0].Name);
        Assert.Equal(new string('y', TagName.MaxLength), tags[1].Name);
        Assert.Empty(await h.QueryAsync(db => db.ReviewItems.ToListAsync()));
    }
}
