using System.Text.Json;
using RetroVue.Tests.Collections;

namespace RetroVue.Tests.Cli;

/// <summary>`retrovue library titles|labels` over a real database: genres, tags and studios from the command line.</summary>
public sealed class LibraryCliTests
{
    [Fact]
    public async Task Titles_are_listed_with_their_genres_and_filtered_by_one_genre_and_the_labels_are_counted()
    {
        await using var harness = await CollectionServiceTests.SeededWithGenresAsync();
        var cli = new CliRunner(harness.ConnectionString);

        var comedies = await cli.RunAsync("library", "titles", "--genre", "  COMEDY ");
        var comediesJson = await cli.RunAsync("library", "titles", "--genre", "comedy", "--json");
        var kids = await cli.RunAsync("library", "titles", "--tag", "kids");
        var labels = await cli.RunAsync("library", "labels");
        var genres = await cli.RunAsync("library", "labels", "--kind", "genre", "--json");

        Assert.True(comedies.ExitCode == 0, comedies.StandardError);
        Assert.Contains("GENRES", comedies.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Mandelbrot Journey", comedies.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Comedy", comedies.StandardOutput, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(comediesJson.StandardOutput))
        {
            var titles = json.RootElement.EnumerateArray().ToList();
            Assert.Equal(2, titles.Count);
            Assert.All(titles, t => Assert.Equal("movie", t.GetProperty("kind").GetString()));
            Assert.All(titles, t => Assert.Equal(["Comedy"], t.GetProperty("genres").EnumerateArray().Select(g => g.GetString())));
        }

        Assert.True(kids.ExitCode == 0, kids.StandardError);
        Assert.Contains("No title has the tag 'kids'", kids.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Comedy", labels.StandardOutput, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(genres.StandardOutput))
        {
            var comedy = Assert.Single(json.RootElement.EnumerateArray());
            Assert.Equal("genre", comedy.GetProperty("kind").GetString());
            Assert.Equal(2, comedy.GetProperty("titles").GetInt32());
        }
    }

    [Theory]
    [InlineData(new[] { "library", "titles", "--tag", "LONG" }, "tag is 300 characters long")]
    [InlineData(new[] { "library", "titles", "--genre", "Comedy", "--tag", "kids" }, "one of genre, tag or studio at a time")]
    [InlineData(new[] { "library", "labels", "--kind", "colour" }, "'colour' is not a label kind")]
    [InlineData(new[] { "library", "labels", "--kind", "1" }, "'1' is not a label kind")]
    public async Task A_bad_label_filter_fails_with_a_clear_message(string[] arguments, string expected)
    {
        await using var harness = await CollectionServiceTests.SeededWithGenresAsync();
        var cli = new CliRunner(harness.ConnectionString);

        var result = await cli.RunAsync([.. arguments.Select(a => a == "LONG" ? new string('x', 300) : a)]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.StandardError, StringComparison.Ordinal);
    }
}
