using RetroVue.Cli.Output;
using RetroVue.Tests.Admin;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Cli;

/// <summary>What the CLI prints for people shows control characters from file names and titles as escapes, never raw.</summary>
public sealed class CliTextOutputTests
{
    private const string Esc = "\u001b";

    [Fact]
    public async Task A_file_name_with_an_escape_sequence_and_a_line_break_is_printed_escaped_on_one_table_row()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var seed = new CatalogSeed(connectionString);
        var source = await seed.SourceAsync("weird", "/srv/weird");
        var title = await seed.TitleAsync($"Red{Esc}[31mAlert");
        await seed.AssetsAsync(source, [$"Show/clear{Esc}[2Jscreen\nfake row.mkv"], title.Id);
        var cli = new CliRunner(connectionString);

        var assets = await cli.RunAsync("library", "assets");
        var titles = await cli.RunAsync("library", "titles");

        Assert.Equal(0, assets.ExitCode);
        Assert.Equal(0, titles.ExitCode);
        Assert.False(assets.StandardOutput.Contains(Esc, StringComparison.Ordinal) || titles.StandardOutput.Contains(Esc, StringComparison.Ordinal));
        var row = Assert.Single(assets.StandardOutput.Split('\n'), line => line.Contains("/srv/weird", StringComparison.Ordinal));
        Assert.Contains(@"clear\x1B[2Jscreen\nfake row.mkv", row);
        Assert.DoesNotContain(assets.StandardOutput.Split('\n'), line => line.TrimStart().StartsWith("fake row", StringComparison.Ordinal));
        Assert.Contains(@"Red\x1B[31mAlert", titles.StandardOutput);
    }

    [Fact]
    public async Task An_option_value_with_a_control_character_is_refused_with_one_clear_line_before_anything_runs()
    {
        var cli = new CliRunner(await TestPostgres.CreateDatabaseAsync());

        var result = await cli.RunAsync("library", "titles", "--search", $"a{Esc}[2Jb");

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(@"error: Argument 4 ('a\x1B[2Jb') contains a control character (U+001B) at position 2; remove it and try again.", line);
        Assert.False(result.StandardError.Contains(Esc, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("plain name.mkv", "plain name.mkv")]
    [InlineData("tab\there", @"tab\there")]
    [InlineData("cr\rlf\n", @"cr\rlf\n")]
    [InlineData("bell\u0007del\u007fcsi\u009b", @"bell\x07del\x7Fcsi\x9B")]
    [InlineData("right\u202eto-left", @"right\u202Eto-left")]
    [InlineData("Café 東京 🎬", "Café 東京 🎬")]
    public void Terminal_text_shows_every_control_and_direction_override_as_a_visible_escape(string raw, string shown)
    {
        Assert.Equal(shown, TerminalText.Escape(raw));
    }
}
