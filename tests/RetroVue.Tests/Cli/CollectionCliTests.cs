using System.Text.Json;
using RetroVue.Tests.Channels;
using RetroVue.Tests.Collections;

namespace RetroVue.Tests.Cli;

/// <summary>`retrovue collection ...` over a real database and the stored catalog.</summary>
public sealed class CollectionCliTests
{
    [Fact]
    public async Task Collections_are_added_tested_listed_shown_changed_and_removed_from_the_command_line()
    {
        await using var harness = await CollectionServiceTests.SeededWithGenresAsync();
        var cli = new CliRunner(harness.ConnectionString);

        var tested = await cli.RunAsync("collection", "test", "--query", "genre = comedy and year 1980..1989");
        var added = await cli.RunAsync("collection", "add", "80s-comedy", "--query", "genre = comedy and year 1980..1989", "--description", "Eighties laughs");
        var listed = await cli.RunAsync("collection", "list");
        var shown = await cli.RunAsync("collection", "show", "80s-comedy", "--json");
        var changed = await cli.RunAsync("collection", "set", "80s-comedy", "--query", "genre = comedy");
        var shownAgain = await cli.RunAsync("collection", "show", "80S-Comedy");
        var removed = await cli.RunAsync("collection", "remove", "80s-comedy");
        var afterRemove = await cli.RunAsync("collection", "list");

        Assert.True(tested.ExitCode == 0, tested.StandardError);
        Assert.Contains("Matches:     1 playable item", tested.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Mandelbrot Journey", tested.StandardOutput, StringComparison.Ordinal);
        Assert.True(added.ExitCode == 0, added.StandardError);
        Assert.Equal("Added collection '80s-comedy': genre = comedy and year 1980..1989", added.StandardOutput.Trim());
        Assert.Contains("80s-comedy", listed.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Eighties laughs", listed.StandardOutput, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(shown.StandardOutput))
        {
            Assert.Equal(1, json.RootElement.GetProperty("preview").GetProperty("count").GetInt32());
            Assert.Equal("genre = comedy and year 1980..1989", json.RootElement.GetProperty("collection").GetProperty("query").GetString());
        }

        Assert.True(changed.ExitCode == 0, changed.StandardError);
        Assert.Contains("Matches:     2 playable items", shownAgain.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Query:       genre = comedy", shownAgain.StandardOutput, StringComparison.Ordinal);
        Assert.True(removed.ExitCode == 0, removed.StandardError);
        Assert.Contains("No collections yet", afterRemove.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_with_a_syntax_error_fails_with_its_column_and_saves_nothing()
    {
        await using var harness = await CollectionServiceTests.SeededWithGenresAsync();
        var cli = new CliRunner(harness.ConnectionString);

        var failed = await cli.RunAsync("collection", "add", "broken", "--query", "genre in [Comedy] and tag in");
        var listed = await cli.RunAsync("collection", "list");

        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains("column 29: expected a value after 'in'", failed.StandardError, StringComparison.Ordinal);
        Assert.Contains("No collections yet", listed.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_a_collection_a_channel_uses_is_refused_naming_the_channel()
    {
        await using var harness = await CollectionServiceTests.SeededWithGenresAsync();
        var cli = new CliRunner(harness.ConnectionString);
        var file = Path.Combine(Directory.CreateTempSubdirectory("rv-collection-cli-").FullName, "films.yaml");
        await File.WriteAllTextAsync(file, Yamls.Channel("7", "Films", """
            pools:
              - name: films
                collection: comedies
            layers:
              - name: every day
                days: all
                blocks:
                  - at: "06:00"
                    kind: marathon
                    pool: films
            """));
        await cli.RunAsync("collection", "add", "comedies", "--query", "genre = comedy");
        var applied = await cli.RunAsync("channel", "apply", file);

        var refused = await cli.RunAsync("collection", "remove", "comedies");

        Assert.True(applied.ExitCode == 0, applied.StandardError);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("Collection 'comedies' is used by channel 7 'Films' (pool 'films')", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("comedies", (await cli.RunAsync("collection", "list")).StandardOutput, StringComparison.Ordinal);
    }
}
