using Microsoft.EntityFrameworkCore;
using RetroVue.App.Collections;
using RetroVue.App.Common;
using RetroVue.App.Scheduling;
using RetroVue.Domain.Library;
using RetroVue.Domain.Scheduling;
using RetroVue.Tests.Channels;

namespace RetroVue.Tests.Collections;

/// <summary>Collections stored in PostgreSQL, used as pools through the real apply and build paths over the stored catalog.</summary>
public sealed class CollectionServiceTests
{
    /// <summary>Movies back to back all day from the pool "films", which takes what <c>{source}</c> names (line 9 of the document).</summary>
    private static string Films(string source) => Yamls.Channel("7", "Films", """
        pools:
          - name: films
            SOURCE
        layers:
          - name: every day
            days: all
            blocks:
              - at: "06:00"
                kind: marathon
                pool: films
        """.Replace("SOURCE", source, StringComparison.Ordinal));

    [Fact]
    public async Task A_collection_round_trips_through_the_database_and_its_name_is_unique_without_case()
    {
        await using var harness = await SeededWithGenresAsync();
        var service = harness.Get<CollectionService>();

        var added = await service.AddAsync("80s-Comedy", "  genre in [Comedy] and year 1980..1989 ", "Eighties laughs", CancellationToken.None);
        var duplicate = await Assert.ThrowsAsync<ConflictException>(() => service.AddAsync("80S-COMEDY", "kind movie", null, CancellationToken.None));
        var listed = Assert.Single(await service.ListAsync(CancellationToken.None));
        var shown = await service.ShowAsync("80s-comedy", 5, CancellationToken.None);

        Assert.Equal("80s-comedy", added.Name);
        Assert.Equal("genre in [Comedy] and year 1980..1989", listed.Query);
        Assert.Equal("Eighties laughs", listed.Description);
        Assert.Contains("exists already", duplicate.Message, StringComparison.Ordinal);
        Assert.Equal(1, shown.Preview.Count);
        Assert.Equal("Mandelbrot Journey", Assert.Single(shown.Preview.First).Title);
        Assert.Empty(shown.UsedBy);

        var changed = await service.SetAsync("80s-comedy", "genre = comedy", null, setDescription: true, CancellationToken.None);
        Assert.Equal("genre = comedy", changed.Query);
        Assert.Null(changed.Description);
        Assert.Equal(2, (await service.ShowAsync("80s-comedy", 5, CancellationToken.None)).Preview.Count);
    }

    [Theory]
    [InlineData("genre in", 9, "expected a value after 'in'")]
    [InlineData("source = nas", 10, "there is no source named 'nas'")]
    [InlineData("tag = \"kids\u0001\"", 7, "the tag value contains a control character (U+0001)")]
    public async Task A_bad_query_is_refused_with_its_column_and_nothing_is_stored(string query, int column, string expected)
    {
        await using var harness = await SeededWithGenresAsync();
        var service = harness.Get<CollectionService>();

        var error = await Assert.ThrowsAsync<InvalidCollectionQueryException>(() => service.AddAsync("broken", query, null, CancellationToken.None));
        var tested = await Assert.ThrowsAsync<InvalidCollectionQueryException>(() => service.TestAsync(query, 5, CancellationToken.None));

        Assert.Equal(column, error.Column);
        Assert.Contains($"column {column}: {expected}", error.Message, StringComparison.Ordinal);
        Assert.Equal(error.Message, tested.Message);
        Assert.Empty(await service.ListAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("", "The collection name is empty")]
    [InlineData("Eighties Comedy", "is not a valid collection name")]
    [InlineData("bad\u0007name", "control character (U+0007)")]
    public async Task A_bad_name_or_description_is_refused_and_nothing_is_stored(string name, string expected)
    {
        await using var harness = await SeededWithGenresAsync();
        var service = harness.Get<CollectionService>();

        var error = await Assert.ThrowsAsync<UserFacingException>(() => service.AddAsync(name, "kind movie", null, CancellationToken.None));
        var description = await Assert.ThrowsAsync<UserFacingException>(() => service.AddAsync("fine", "kind movie", "two\u0000nulls", CancellationToken.None));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("The description contains a control character", description.Message, StringComparison.Ordinal);
        Assert.Empty(await service.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Testing_a_query_counts_and_previews_what_it_matches_without_saving()
    {
        await using var harness = await SeededWithGenresAsync();
        var service = harness.Get<CollectionService>();

        var episodes = await service.TestAsync("title = sitcom and length 20m..25m", 3, CancellationToken.None);
        var none = await service.TestAsync("genre = western", 3, CancellationToken.None);

        Assert.Equal(20, episodes.Count);
        Assert.Equal([(1, 1), (1, 2), (1, 3)], episodes.First.Select(i => (i.Season!.Value, i.Episode!.Value)));
        Assert.Equal(0, none.Count);
        Assert.Empty(await service.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_schedule_pool_takes_a_stored_collection_and_an_edit_changes_what_the_next_build_picks()
    {
        await using var harness = await SeededWithGenresAsync();
        var service = harness.Get<CollectionService>();
        await service.AddAsync("films", "kind movie and year 1980..1989", null, CancellationToken.None);

        await harness.ApplyAsync(("films.yaml", Films("collection: films")));
        await harness.BuildAsync(days: 1);
        var before = Programmes(await harness.TimelineAsync("7"));
        await service.SetAsync("films", "kind movie and year < 1980", null, setDescription: false, CancellationToken.None);
        var pending = Assert.Single(await harness.Channels.ListAsync(CancellationToken.None)).RebuildPending;
        harness.Clock.Advance(TimeSpan.FromHours(3));
        var rebuilt = Assert.Single(await harness.BuildAsync(days: 1));
        var after = await harness.TimelineAsync("7");

        Assert.NotEmpty(before);
        Assert.All(before, e => Assert.Equal("Mandelbrot Journey", e.Title));
        Assert.True(pending, "changing a collection's query marks the channels taking it for a rebuild");
        Assert.Equal(PlayoutAction.Rebuilt, rebuilt.Action);
        var future = Programmes(after.Where(e => e.Start >= rebuilt.ReplacedFrom));
        Assert.NotEmpty(future);
        Assert.All(future, e => Assert.Equal("Color Bars & \"Forever\"", e.Title));
    }

    [Fact]
    public async Task A_pool_naming_a_collection_that_does_not_exist_is_refused_at_apply_with_file_and_line()
    {
        await using var harness = await SeededWithGenresAsync();

        var error = await Assert.ThrowsAsync<ScheduleValidationException>(() => harness.ApplyAsync(("films.yaml", Films("collection: no-such"))));

        var problem = Assert.Single(error.Errors);
        Assert.Equal("films.yaml", problem.File);
        Assert.Equal(9, problem.Line);
        Assert.Contains("Pool 'films': collection 'no-such' does not exist", problem.Message, StringComparison.Ordinal);
        Assert.Empty(await harness.Channels.ListAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("collection: westerns", 8, "Pool 'films' matches nothing playable in the catalog (collection 'westerns': genre = western).")]
    [InlineData("tags: [western]", 8, "Pool 'films' matches nothing playable in the catalog.")]
    [InlineData("titles: [\"No Such Film\"]", 8, "Pool 'films' matches nothing playable in the catalog.")]
    public async Task A_pool_that_matches_nothing_is_an_apply_error_with_file_and_line_not_a_silent_slate(string source, int line, string expected)
    {
        await using var harness = await SeededWithGenresAsync();
        await harness.Get<CollectionService>().AddAsync("westerns", "genre = western", null, CancellationToken.None);
        var yaml = Films(source);

        var error = await Assert.ThrowsAsync<ScheduleValidationException>(() => harness.ApplyAsync(("films.yaml", yaml)));

        var problem = Assert.Single(error.Errors);
        Assert.Equal($"films.yaml:{line}: {expected}", problem.ToString());
        Assert.Empty(await harness.Channels.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_collection_a_schedule_uses_cannot_be_removed_and_the_refusal_names_the_channel()
    {
        await using var harness = await SeededWithGenresAsync();
        var service = harness.Get<CollectionService>();
        await service.AddAsync("films", "kind movie", null, CancellationToken.None);
        await service.AddAsync("unused", "kind show", null, CancellationToken.None);
        await harness.ApplyAsync(("films.yaml", Films("collection: films")));

        var refused = await Assert.ThrowsAsync<ConflictException>(() => service.RemoveAsync("films", CancellationToken.None));
        var removed = await service.RemoveAsync("UNUSED", CancellationToken.None);

        Assert.Equal("Collection 'films' is used by channel 7 'Films' (pool 'films'); change that schedule first, then remove the collection.", refused.Message);
        Assert.Equal("unused", removed.Name);
        Assert.Equal(["films"], (await service.ListAsync(CancellationToken.None)).Select(c => c.Name));
        Assert.Equal("7", Assert.Single((await service.ShowAsync("films", 0, CancellationToken.None)).UsedBy).Channel);
    }

    private static List<StoredTimelineEntry> Programmes(IEnumerable<StoredTimelineEntry> entries) =>
        entries.Where(e => e.Kind == TimelineEntryKind.Program).ToList();

    /// <summary>The playout test catalog, with both movies labelled Comedy by its source.</summary>
    internal static async Task<ChannelHarness> SeededWithGenresAsync()
    {
        var harness = await PlayoutServiceTests.SeededAsync();
        await harness.QueryAsync(async db =>
        {
            var source = await db.Sources.SingleAsync();
            foreach (var movie in await db.Titles.Where(t => t.Kind == TitleKind.Movie).ToListAsync())
            {
                db.TitleTags.Add(new TitleTag(movie.Id, source.Id, TagKind.Genre, TagName.FromSource("Comedy")!.Value));
            }

            return await db.SaveChangesAsync();
        });
        return harness;
    }
}
