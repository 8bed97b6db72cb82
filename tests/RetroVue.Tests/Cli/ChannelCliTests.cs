using System.Text.Json;
using RetroVue.Tests.Channels;

namespace RetroVue.Tests.Cli;

/// <summary>The `retrovue channel` and `retrovue playout` commands, run as the real program.</summary>
public sealed class ChannelCliTests
{
    [Fact]
    public async Task Channels_are_applied_built_shown_exported_and_removed_from_the_command_line()
    {
        await using var harness = await PlayoutServiceTests.SeededAsync();
        var cli = new CliRunner(harness.ConnectionString);
        var folder = Directory.CreateTempSubdirectory("rv-channel-cli-").FullName;
        var good = Path.Combine(folder, "classic.yaml");
        var bad = Path.Combine(folder, "bad.yaml");
        await File.WriteAllTextAsync(good, Yamls.Sitcoms("2", "Classic"));
        await File.WriteAllTextAsync(bad, Yamls.Sitcoms("4", "Bad").Replace("[Sitcom]", "[No Such Show]", StringComparison.Ordinal));

        var refused = await cli.RunAsync("channel", "apply", good, bad);
        var emptyList = await cli.RunAsync("channel", "list", "--json");
        var applied = await cli.RunAsync("channel", "apply", good);
        var built = await cli.RunAsync("playout", "build", "--days", "1");
        var shown = await cli.RunAsync("playout", "show", "2", "--hours", "2");
        var json = await cli.RunAsync("playout", "show", "2", "--json");
        var exported = await cli.RunAsync("channel", "export", "--channel", "2");
        var removed = await cli.RunAsync("channel", "remove", "2");
        var missing = await cli.RunAsync("playout", "show", "2");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"{bad}:8: Pool 'sitcom': series 'No Such Show' is not in the catalog.", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("nothing was applied", refused.StandardError, StringComparison.Ordinal);
        Assert.Equal("[]", emptyList.StandardOutput.Trim());
        Assert.Contains("Created: channel 2 'Classic'", applied.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("timeline built from", applied.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("channel 2 'Classic': up to date", built.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(0, shown.ExitCode);
        Assert.Contains("(UTC)", shown.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Sitcom", shown.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"S0[12]E\d\d", shown.StandardOutput);
        using (var document = JsonDocument.Parse(json.StandardOutput))
        {
            var programmes = document.RootElement.GetProperty("programmes").EnumerateArray().ToList();
            Assert.NotEmpty(programmes);
            Assert.All(programmes, p => Assert.True(p.GetProperty("items").GetArrayLength() >= 1));
        }

        Assert.StartsWith("# channel 2 for tests\nchannel:", exported.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Removed channel 2 'Classic'", removed.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("There is no channel 2", missing.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_creates_and_builds_two_channels_over_the_demo_library()
    {
        var cli = new CliRunner(await Support.TestPostgres.CreateDatabaseAsync());

        var demo = await cli.RunAsync("demo", "--clip-seconds", "15");
        var list = await cli.RunAsync("channel", "list", "--json");
        var classics = await cli.RunAsync("playout", "show", "1", "--hours", "1");
        var movies = await cli.RunAsync("playout", "show", "2", "--hours", "1");

        Assert.True(demo.ExitCode == 0, demo.StandardError);
        Assert.Contains("channel 1 'RetroVue Classics': built", demo.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("channel 2 'RetroVue Movies': built", demo.StandardOutput, StringComparison.Ordinal);
        using var channels = JsonDocument.Parse(list.StandardOutput);
        Assert.Equal(["1", "2"], channels.RootElement.EnumerateArray().Select(c => c.GetProperty("number").GetString()));
        Assert.All(channels.RootElement.EnumerateArray(), c => Assert.NotEqual(JsonValueKind.Null, c.GetProperty("builtUntil").ValueKind));
        Assert.Matches("Test Pattern Theater|The Sine Wave Show", classics.StandardOutput);
        Assert.Matches("Mandelbrot Journey|Color Bars Forever", movies.StandardOutput);
    }
}
