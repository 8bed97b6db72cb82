using RetroVue.App.Ingest;
using RetroVue.App.Ingest.Naming;
using RetroVue.Domain.Library;

namespace RetroVue.Tests.Ingest.Filesystem;

public sealed class MediaNameParserTests
{
    [Theory]
    [InlineData("Show/Season 01/Show - S01E02 - Title.mkv", "Show", null, 1, new[] { 2 }, "Title")]
    [InlineData("The Office (US)/Season 2/The Office (US) - s02e05 - Halloween.mp4", "The Office (US)", null, 2, new[] { 5 }, "Halloween")]
    [InlineData("Doctor Who (2005)/Season 01/Doctor Who (2005) - S01E01 - Rose.mkv", "Doctor Who", 2005, 1, new[] { 1 }, "Rose")]
    [InlineData("Show/Season 1/show.s1e2.mkv", "Show", null, 1, new[] { 2 }, null)]
    [InlineData("show/season 1/show.s01e02.avi", "show", null, 1, new[] { 2 }, null)]
    [InlineData("Show/Season 03/Show - 3x07 - Title.avi", "Show", null, 3, new[] { 7 }, "Title")]
    [InlineData("Show/Season 01/Show.S01.E02.Title.mkv", "Show", null, 1, new[] { 2 }, "Title")]
    [InlineData("Show/Season 01/Show S01 E02 Title.mkv", "Show", null, 1, new[] { 2 }, "Title")]
    [InlineData("Show/Season 01/Show - S01E01-E02 - Pilot.mkv", "Show", null, 1, new[] { 1, 2 }, "Pilot")]
    [InlineData("Show/Season 01/Show - S01E01E02.mkv", "Show", null, 1, new[] { 1, 2 }, null)]
    [InlineData("Show/Season 01/Show - S01E01E02E03 - Triple.mkv", "Show", null, 1, new[] { 1, 2, 3 }, "Triple")]
    [InlineData("Show/Season 01/Show - S01E01-E03.mkv", "Show", null, 1, new[] { 1, 2, 3 }, null)]
    [InlineData("Show/Season 01/Show - S01E01-02 - Title.mkv", "Show", null, 1, new[] { 1, 2 }, "Title")]
    [InlineData("Show/Season 01/Show - 1x01-1x02.mkv", "Show", null, 1, new[] { 1, 2 }, null)]
    [InlineData("Show/Specials/Show - S00E01 - Behind the Scenes.mkv", "Show", null, 0, new[] { 1 }, "Behind the Scenes")]
    [InlineData("Show/Specials/Show - E03 - Reunion.mkv", "Show", null, 0, new[] { 3 }, "Reunion")]
    [InlineData("Show/Season 0/Show - Episode 4.mkv", "Show", null, 0, new[] { 4 }, null)]
    [InlineData("Show/Season 00/Show - S00E04.mkv", "Show", null, 0, new[] { 4 }, null)]
    [InlineData("Show/Season 02/05 - The Title.mkv", "Show", null, 2, new[] { 5 }, "The Title")]
    [InlineData("Show/S02/Show - E05.mkv", "Show", null, 2, new[] { 5 }, null)]
    [InlineData("Show/Series 3/Show - S03E04.mkv", "Show", null, 3, new[] { 4 }, null)]
    [InlineData("Show/Season 2/Show Season 2 Episode 3.mkv", "Show", null, 2, new[] { 3 }, null)]
    [InlineData("Show.Name.S01E02.720p.mkv", "Show Name", null, 1, new[] { 2 }, null)]
    [InlineData("Show.Name.S01E02.The.Title.720p.HDTV.x264-GRP.mkv", "Show Name", null, 1, new[] { 2 }, "The Title")]
    [InlineData("Show_Name_S02E10_Title_Here.mkv", "Show Name", null, 2, new[] { 10 }, "Title Here")]
    [InlineData("Doctor.Who.2005.S01E01.1080p.BluRay.mkv", "Doctor Who", 2005, 1, new[] { 1 }, null)]
    [InlineData("Downloads/Show.Name.S01E02.720p.mkv", "Show Name", null, 1, new[] { 2 }, null)]
    [InlineData("Show Name/Show.Name.S01E02.mkv", "Show Name", null, 1, new[] { 2 }, null)]
    [InlineData("Mr. Robot (2015)/Mr.Robot.S01E01.mkv", "Mr. Robot", 2015, 1, new[] { 1 }, null)]
    [InlineData("Breaking Bad/Season 05/S05E14 - Ozymandias.mkv", "Breaking Bad", null, 5, new[] { 14 }, "Ozymandias")]
    [InlineData("Breaking Bad/S05E14.mkv", "Breaking Bad", null, 5, new[] { 14 }, null)]
    [InlineData("24/Season 1/24 - 1x01.mkv", "24", null, 1, new[] { 1 }, null)]
    [InlineData("1923 (2022)/Season 01/1923 - S01E01 - 1923.mkv", "1923", 2022, 1, new[] { 1 }, "1923")]
    [InlineData("Show (2004) {tvdb-12345}/Season 01/Show (2004) - S01E02 - Title [1080p].mkv", "Show", 2004, 1, new[] { 2 }, "Title")]
    [InlineData("Show/Season 01/Show - S01E02 - Part One - The Beginning.mkv", "Show", null, 1, new[] { 2 }, "Part One - The Beginning")]
    [InlineData("Show/Season 01/Show - S01E02 - Title (1080p WEB-DL).mkv", "Show", null, 1, new[] { 2 }, "Title")]
    [InlineData("Café Society/Season 01/Café Society - S01E02 - Crème brûlée.mkv", "Café Society", null, 1, new[] { 2 }, "Crème brûlée")]
    [InlineData("TV/Long Show/Season 10/Long Show - S10E100 - Centennial.mkv", "Long Show", null, 10, new[] { 100 }, "Centennial")]
    [InlineData("Other Name/Season 01/Show - S01E02.mkv", "Other Name", null, 1, new[] { 2 }, null)]
    public void Episode_names_are_read_into_show_season_episodes_and_title(
        string path, string show, int? year, int season, int[] episodes, string? title)
    {
        foreach (var kind in new[] { SourceContentKind.Shows, SourceContentKind.Mixed })
        {
            var identity = MediaNameParser.Parse(path, kind);

            var episode = Assert.IsType<EpisodeIdentity>(identity);
            Assert.Equal(show, episode.ShowName);
            Assert.Equal(year, episode.ShowYear);
            Assert.Equal(season, episode.SeasonNumber);
            Assert.Equal(episodes, episode.EpisodeNumbers);
            Assert.Equal(title, episode.EpisodeTitle);
        }
    }

    [Theory]
    [InlineData("Movie (1999).mkv", "Movie", 1999)]
    [InlineData("Movies/The Matrix (1999)/The Matrix (1999).mkv", "The Matrix", 1999)]
    [InlineData("The.Matrix.1999.1080p.BluRay.x264-GRP.mkv", "The Matrix", 1999)]
    [InlineData("2001 A Space Odyssey (1968).mkv", "2001 A Space Odyssey", 1968)]
    [InlineData("2001.A.Space.Odyssey.1968.mkv", "2001 A Space Odyssey", 1968)]
    [InlineData("Blade.Runner.2049.2017.2160p.UHD.mkv", "Blade Runner 2049", 2017)]
    [InlineData("Big.Movie.2010.1920x1080.mkv", "Big Movie", 2010)]
    [InlineData("1917 (2019)/1917 (2019).mp4", "1917", 2019)]
    [InlineData("Alien (1979)/alien.mkv", "Alien", 1979)]
    [InlineData("Amélie (2001)/Amélie (2001) - 1080p.mkv", "Amélie", 2001)]
    [InlineData("Movie [2010].mkv", "Movie", 2010)]
    [InlineData("Some Movie (2010) {imdb-tt0123456}.mkv", "Some Movie", 2010)]
    [InlineData("Some_Movie_2010.avi", "Some Movie", 2010)]
    [InlineData("Jaws 1975.mp4", "Jaws", 1975)]
    public void Movie_names_give_name_and_year_in_mixed_and_movie_sources(string path, string name, int year)
    {
        foreach (var kind in new[] { SourceContentKind.Movies, SourceContentKind.Mixed })
        {
            var movie = Assert.IsType<MovieIdentity>(MediaNameParser.Parse(path, kind));
            Assert.Equal(name, movie.Name);
            Assert.Equal(year, movie.Year);
        }
    }

    [Theory]
    [InlineData("Home Videos/Birthday Party.mkv", "Birthday Party", null)]
    [InlineData("The.Thing.1080p.mkv", "The Thing", null)]
    [InlineData("Heat (1995)/heat-1080p.mkv", "Heat", 1995)]
    [InlineData("Heat (1995)/disc one.mkv", "Heat", 1995)]
    [InlineData("Show.S01E02.mkv", "Show S01E02", null)]
    [InlineData("Collection/1080p.mkv", "Collection", null)]
    public void In_a_movies_source_every_file_is_a_movie_named_by_file_or_folder(string path, string name, int? year)
    {
        var movie = Assert.IsType<MovieIdentity>(MediaNameParser.Parse(path, SourceContentKind.Movies));
        Assert.Equal(name, movie.Name);
        Assert.Equal(year, movie.Year);
    }

    [Theory]
    [InlineData("Show/Season 01/Behind the scenes.mkv", "no episode marker")]
    [InlineData("Movie (1999).mkv", "no episode marker")]
    [InlineData("Show/Extras/Gag reel.mkv", "no episode marker")]
    public void In_a_shows_source_a_file_without_episode_marker_is_unmatched(string path, string why)
    {
        var unmatched = Assert.IsType<UnmatchedIdentity>(MediaNameParser.Parse(path, SourceContentKind.Shows));
        Assert.Contains(why, unmatched.Why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("home video.mkv", "neither like an episode")]
    [InlineData("Show (2004)/random clip.mkv", "neither like an episode")]
    [InlineData("Show/Extras/Gag reel.mkv", "neither like an episode")]
    [InlineData("Season 01/S01E02.mkv", "no show")]
    [InlineData("S01E02 - Title.mkv", "no show")]
    public void In_a_mixed_source_a_name_that_fits_no_pattern_is_unmatched_with_the_reason(string path, string why)
    {
        var unmatched = Assert.IsType<UnmatchedIdentity>(MediaNameParser.Parse(path, SourceContentKind.Mixed));
        Assert.Contains(why, unmatched.Why, StringComparison.Ordinal);
        Assert.Contains(path.Split('/')[^1], unmatched.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void A_movie_file_without_any_title_is_unmatched_in_a_movies_source()
    {
        var unmatched = Assert.IsType<UnmatchedIdentity>(MediaNameParser.Parse("1080p.mkv", SourceContentKind.Movies));
        Assert.Contains("no title", unmatched.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_path_is_unmatched()
    {
        Assert.IsType<UnmatchedIdentity>(MediaNameParser.Parse("", SourceContentKind.Mixed));
    }

    [Theory]
    [InlineData("Movie.720p.mkv")]
    [InlineData("Movie 1920x1080.mkv")]
    [InlineData("Movie.x264-1080.mkv")]
    public void Resolutions_and_codecs_are_not_read_as_episode_markers(string path)
    {
        Assert.IsNotType<EpisodeIdentity>(MediaNameParser.Parse(path, SourceContentKind.Mixed));
    }

    [Theory]
    [InlineData(null, SourceContentKind.Mixed)]
    [InlineData("shows", SourceContentKind.Shows)]
    [InlineData("Movies", SourceContentKind.Movies)]
    [InlineData(" mixed ", SourceContentKind.Mixed)]
    public void The_kind_setting_selects_the_content_kind(string? setting, SourceContentKind expected)
    {
        var settings = new Dictionary<string, string> { ["path"] = "/media" };
        if (setting is not null)
        {
            settings["kind"] = setting;
        }

        var source = new Source("media", SourceKind.Filesystem, settings, DateTimeOffset.UnixEpoch);

        Assert.Equal(expected, FilesystemSourceSettings.ContentKindOf(source));
    }

    [Fact]
    public void An_unknown_kind_setting_is_refused_with_the_valid_values()
    {
        var source = new Source("media", SourceKind.Filesystem, new Dictionary<string, string> { ["kind"] = "cartoons" }, DateTimeOffset.UnixEpoch);

        var error = Assert.Throws<App.Common.UserFacingException>(() => FilesystemSourceSettings.ContentKindOf(source));
        Assert.Contains("'cartoons'", error.Message, StringComparison.Ordinal);
        Assert.Contains("mixed, shows, movies", error.Message, StringComparison.Ordinal);
    }
}
