using System.Text.Json;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Cli;

/// <summary>Errors exit non-zero with one clear line; --json is machine-readable.</summary>
public sealed class CliErrorTests
{
    [Fact]
    public async Task Adding_a_source_whose_folder_does_not_exist_fails_with_one_clear_line()
    {
        var cli = new CliRunner(await TestPostgres.CreateDatabaseAsync());
        var result = await cli.RunAsync("source", "add", "filesystem", "tv", "--path", "/does/not/exist");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: The folder /does/not/exist does not exist.", result.StandardError.Trim());
    }

    [Fact]
    public async Task A_source_name_can_be_used_once_and_sources_list_as_json()
    {
        var cli = new CliRunner(await TestPostgres.CreateDatabaseAsync());
        var folder = Directory.CreateTempSubdirectory("rv-src-").FullName;
        Assert.Equal(0, (await cli.RunAsync("source", "add", "filesystem", "tv", "--path", folder, "--kind", "shows")).ExitCode);

        var again = await cli.RunAsync("source", "add", "filesystem", "tv", "--path", folder);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("exists already", again.StandardError);

        var list = await cli.RunAsync("source", "list", "--json");
        Assert.Equal(0, list.ExitCode);
        using var json = JsonDocument.Parse(list.StandardOutput);
        var source = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("tv", source.GetProperty("name").GetString());
        Assert.Equal("filesystem", source.GetProperty("kind").GetString());
        Assert.Equal(folder, source.GetProperty("settings").GetProperty("path").GetString());
        Assert.Equal("shows", source.GetProperty("settings").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task An_unreachable_database_is_reported_without_its_password()
    {
        var cli = new CliRunner("Host=/nonexistent-socket-dir;Username=rv;Password=SuperSecret123;Database=x;Timeout=3");
        var result = await cli.RunAsync("source", "list");
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: the database is unreachable", line);
        Assert.DoesNotContain("SuperSecret123", result.StandardError + result.StandardOutput);
    }

    [Fact]
    public async Task Unknown_review_items_and_contradictory_options_are_clear_errors()
    {
        var cli = new CliRunner(await TestPostgres.CreateDatabaseAsync());
        var missing = await cli.RunAsync("review", "resolve", Guid.Empty.ToString(), "--approve");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("There is no review item", missing.StandardError);

        var contradictory = await cli.RunAsync("review", "resolve", Guid.Empty.ToString(), "--approve", "--title", "X");
        Assert.Equal(1, contradictory.ExitCode);
        Assert.Contains("either --title", contradictory.StandardError);
    }

    [Fact]
    public async Task Stack_traces_appear_only_with_verbose()
    {
        var cli = new CliRunner(await TestPostgres.CreateDatabaseAsync());
        var quiet = await cli.RunAsync("source", "remove", "nope");
        Assert.Equal(1, quiet.ExitCode);
        Assert.DoesNotContain("   at ", quiet.StandardError);

        var verbose = await cli.RunAsync("source", "remove", "nope", "--verbose");
        Assert.Equal(1, verbose.ExitCode);
        Assert.Contains("   at ", verbose.StandardError);
    }

    [Fact]
    public async Task Every_command_has_help()
    {
        var cli = new CliRunner(await TestPostgres.CreateDatabaseAsync());
        foreach (var command in new[] { "db", "source", "ingest", "library", "review", "serve" })
        {
            var help = await cli.RunAsync(command, "--help");
            Assert.Equal(0, help.ExitCode);
            Assert.Contains("Usage:", help.StandardOutput);
        }
    }
}
