using RetroVue.Domain.Library;
using RetroVue.Domain.Scheduling;
using RetroVue.Domain.Scheduling.Collections;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Collections;

public sealed class CollectionQueryEvaluationTests
{
    private static readonly Guid PlexHome = Guid.Parse("00000000-0000-0000-0000-00000000aaaa");
    private static readonly Guid Folder = Guid.Parse("00000000-0000-0000-0000-00000000bbbb");
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 20, 0, 0, TimeSpan.Zero);

    private static readonly CatalogSnapshot Catalog = new(
    [
        Item("Airplane!", TitleKind.Movie, 1980, 88, "PG", 7.7, PlexHome, 5, genres: ["comedy"], studios: ["paramount"]),
        Item("Ghostbusters", TitleKind.Movie, 1984, 105, "PG", 7.8, PlexHome, 40, genres: ["comedy", "science fiction"], tags: ["kids"]),
        Item("Alien", TitleKind.Movie, 1979, 117, "R", 8.5, Folder, 400, genres: ["science fiction", "horror"]),
        Item("Blackadder", TitleKind.Show, 1983, 30, "TV-PG", 8.9, Folder, 2, genres: ["comedy"], studios: ["bbc"]),
        Item("Taxi", TitleKind.Show, 1978, 25, null, null, PlexHome, 29, genres: ["comedy"]),
        Item("Mystery Film", TitleKind.Movie, null, 95, "PG-13", 5.1, Folder, null),
    ]);

    [Theory]
    [InlineData("genre = Comedy", "Airplane!,Blackadder,Ghostbusters,Taxi")]
    [InlineData("genre in [horror, \"SCIENCE   fiction\"]", "Alien,Ghostbusters")]
    [InlineData("tag kids", "Ghostbusters")]
    [InlineData("tag bbc", "Blackadder")]
    [InlineData("studio = BBC", "Blackadder")]
    [InlineData("title = \"airplane\"", "Airplane!")]
    [InlineData("title in [Taxi, alien]", "Alien,Taxi")]
    [InlineData("kind movie", "Airplane!,Alien,Ghostbusters,Mystery Film")]
    [InlineData("kind = show", "Blackadder,Taxi")]
    [InlineData("rating in [pg, PG-13]", "Airplane!,Ghostbusters,Mystery Film")]
    [InlineData("source = plex-home", "Airplane!,Ghostbusters,Taxi")]
    [InlineData("year 1980..1984", "Airplane!,Blackadder,Ghostbusters")]
    [InlineData("year < 1980", "Alien,Taxi")]
    [InlineData("year >= 1984", "Ghostbusters")]
    [InlineData("year in [1978, 1983]", "Blackadder,Taxi")]
    [InlineData("decade 1970s", "Alien,Taxi")]
    [InlineData("decade in [1970s, 1980]", "Airplane!,Alien,Blackadder,Ghostbusters,Taxi")]
    [InlineData("score >= 8", "Alien,Blackadder")]
    [InlineData("score 7.7..7.8", "Airplane!,Ghostbusters")]
    [InlineData("length 20m..40m", "Blackadder,Taxi")]
    [InlineData("length > 1h40m", "Alien,Ghostbusters")]
    [InlineData("added within 30d", "Airplane!,Blackadder,Taxi")]
    [InlineData("added within 1w", "Airplane!,Blackadder")]
    [InlineData("added within 72h", "Blackadder")]
    public void Each_field_matches_what_it_names(string query, string expected)
    {
        Assert.Equal(expected, Names(query));
    }

    [Theory]
    [InlineData("not genre comedy", "Alien,Mystery Film")]
    [InlineData("not year 1980..1989", "Alien,Mystery Film,Taxi")]
    [InlineData("genre comedy and not tag kids", "Airplane!,Blackadder,Taxi")]
    [InlineData("genre horror or kind show", "Alien,Blackadder,Taxi")]
    [InlineData("kind show or genre comedy and year 1984", "Blackadder,Ghostbusters,Taxi")]
    [InlineData("(kind show or genre comedy) and year 1984", "Ghostbusters")]
    [InlineData("not kind show and not genre comedy", "Alien,Mystery Film")]
    [InlineData("not (kind show or genre comedy)", "Alien,Mystery Film")]
    [InlineData("genre comedy and year 1980..1989 and not tag kids", "Airplane!,Blackadder")]
    public void Not_binds_tighter_than_and_which_binds_tighter_than_or(string query, string expected)
    {
        Assert.Equal(expected, Names(query));
    }

    [Fact]
    public void Added_within_is_measured_back_from_the_clock_passed_in()
    {
        var clock = new ManualClock(Now);
        var query = CollectionQuery.Parse("added within 10d");

        Assert.Equal("Airplane!,Blackadder", Names(query, clock));
        clock.Advance(TimeSpan.FromDays(6));
        Assert.Equal("Blackadder", Names(query, clock));
        clock.Advance(TimeSpan.FromDays(10));
        Assert.Equal(string.Empty, Names(query, clock));
    }

    [Fact]
    public void Items_without_a_year_score_rating_or_added_date_match_no_condition_on_it_but_do_match_its_negation()
    {
        Assert.DoesNotContain("Mystery Film", Names("year < 2999 or decade 1990s"), StringComparison.Ordinal);
        Assert.DoesNotContain("Taxi", Names("score >= 0 or rating = PG"), StringComparison.Ordinal);
        Assert.Contains("Mystery Film", Names("not year < 2999"), StringComparison.Ordinal);
        Assert.DoesNotContain("Mystery Film", Names("added within 1000w"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_source_that_does_not_exist_is_an_error_with_its_column_when_the_query_is_bound()
    {
        var query = CollectionQuery.Parse("kind movie and source in [plex-home, \"Nas\"]");

        var error = Assert.Throws<CollectionQueryException>(() => query.Bind(Context(new ManualClock(Now))));

        Assert.Equal(38, error.Column);
        Assert.Contains("there is no source named 'Nas'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_query_walks_the_label_index_and_finds_what_a_full_scan_finds()
    {
        var filter = CollectionQuery.Parse("genre comedy and not tag kids").Bind(Context(new ManualClock(Now)));

        var scanned = Catalog.Items.Where(filter.Matches).Select(i => i.TitleName);
        Assert.Equal(scanned, filter.Match(Catalog).Select(i => i.TitleName));
    }

    [Fact]
    public void A_pool_taking_a_collection_plays_its_matches_and_refuses_an_unbound_collection()
    {
        var filter = CollectionQuery.Parse("genre = comedy and kind = movie").Bind(Context(new ManualClock(Now)));

        var resolved = PoolResolver.Resolve(new ContentPool { Name = "funny", Collection = "funny-films", CollectionFilter = filter }, Catalog);

        Assert.Equal(["Airplane!", "Ghostbusters"], resolved.Items.Select(i => i.TitleName));
        var error = Assert.Throws<RetroVue.Domain.Common.DomainException>(() => PoolResolver.Resolve(new ContentPool { Name = "funny", Collection = "funny-films" }, Catalog));
        Assert.Contains("collection 'funny-films'", error.Message, StringComparison.Ordinal);
    }

    private static string Names(string query) => Names(CollectionQuery.Parse(query), new ManualClock(Now));

    private static string Names(CollectionQuery query, TimeProvider clock) =>
        string.Join(",", query.Bind(Context(clock)).Match(Catalog).Select(i => i.TitleName).Order(StringComparer.Ordinal));

    private static QueryContext Context(TimeProvider clock) =>
        new(clock.GetUtcNow(), [new("Plex-Home", PlexHome), new("folder", Folder)]);

    private static CatalogItem Item(string name, TitleKind kind, int? year, int minutes, string? rating, double? score, Guid source, int? addedDaysAgo, string[]? genres = null, string[]? studios = null, string[]? tags = null)
    {
        genres ??= [];
        studios ??= [];
        tags ??= [];
        return new CatalogItem
        {
            AssetId = Guid.NewGuid(),
            TitleId = Guid.NewGuid(),
            TitleName = name,
            TitleKind = kind,
            Year = year,
            Duration = TimeSpan.FromMinutes(minutes),
            ContentRating = rating,
            CommunityRating = score,
            SourceId = source,
            AddedAt = addedDaysAgo is { } days ? Now - TimeSpan.FromDays(days) : null,
            Genres = genres,
            Studios = studios,
            Tags = [.. genres, .. studios, .. tags],
        };
    }
}
