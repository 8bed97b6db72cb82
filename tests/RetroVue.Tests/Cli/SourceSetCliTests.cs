using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Cli;

/// <summary>`retrovue source set`: a source's settings change after it was added; bad input changes nothing.</summary>
public sealed class SourceSetCliTests
{
    [Fact]
    public async Task A_filesystem_source_gets_a_new_folder_kind_and_sync_interval_and_json_lists_what_changed()
    {
        var (cli, database) = await CreateAsync();
        var first = Directory.CreateTempSubdirectory("rv-set-a-").FullName;
        var second = Directory.CreateTempSubdirectory("rv-set-b-").FullName;
        await cli.RunAsync("source", "add", "filesystem", "tv", "--path", first);

        var human = await cli.RunAsync("source", "set", "tv", "--sync-interval", "2h");
        var json = await cli.RunAsync("source", "set", "tv", "--path", second, "--kind", "shows", "--sync-interval", "2H", "--json");
        var again = await cli.RunAsync("source", "set", "tv", "--sync-interval", "off");
        var same = await cli.RunAsync("source", "set", "tv", "--sync-interval", "off");

        Assert.True(human.ExitCode == 0, human.StandardError);
        Assert.Contains("Changed sync-interval of source 'tv'.", human.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("every 2h", human.StandardOutput, StringComparison.Ordinal);
        using (var document = JsonDocument.Parse(json.StandardOutput))
        {
            var root = document.RootElement;
            Assert.Equal(["kind", "path"], root.GetProperty("changed").EnumerateArray().Select(c => c.GetString()).Order());
            var source = root.GetProperty("source");
            Assert.Equal("tv", source.GetProperty("name").GetString());
            Assert.Equal(second, source.GetProperty("settings").GetProperty("path").GetString());
            Assert.Equal("shows", source.GetProperty("settings").GetProperty("kind").GetString());
            Assert.Equal("2h", source.GetProperty("settings").GetProperty("sync-interval").GetString());
        }

        Assert.Contains("drops its scheduled syncs", again.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("already has these settings; nothing changed", same.StandardOutput, StringComparison.Ordinal);
        Assert.Equal($"kind=shows path={second} sync-interval=off |", await SnapshotAsync(database, "tv"));
    }

    [Fact]
    public async Task A_plex_source_gets_a_new_url_token_libraries_and_path_mappings()
    {
        var (cli, database) = await CreateAsync();
        await cli.RunAsync("source", "add", "plex", "home", "--url", "http://plex.local:32400", "--token", "old-token", "--path-map", "/data/tv=/mnt/tv");

        var changed = await cli.RunWithAsync(
            new Dictionary<string, string?> { ["NEW_PLEX_TOKEN"] = "new-token" },
            "source", "set", "home", "--url", "http://plex.lan:32400", "--token-env", "NEW_PLEX_TOKEN",
            "--library", "TV Shows", "--library", "Films", "--path-map", "/data/tv=/srv/tv", "--path-map", "/data/movies=/srv/movies", "--json");
        var afterAdd = await SnapshotAsync(database, "home");
        var cleared = await cli.RunAsync("source", "set", "home", "--clear-path-maps", "--path-map", "D:\\Media=/srv/media", "--all-libraries");

        Assert.True(changed.ExitCode == 0, changed.StandardError);
        Assert.DoesNotContain("new-token", changed.StandardOutput, StringComparison.Ordinal);
        using (var document = JsonDocument.Parse(changed.StandardOutput))
        {
            Assert.Equal(["libraries", "path-mappings", "token", "url"], document.RootElement.GetProperty("changed").EnumerateArray().Select(c => c.GetString()).Order());
            Assert.Equal("***", document.RootElement.GetProperty("source").GetProperty("settings").GetProperty("token").GetString());
        }

        Assert.Equal("libraries=TV Shows, Films token=new-token url=http://plex.lan:32400 | /data/tv=/srv/tv /data/movies=/srv/movies", afterAdd);
        Assert.True(cleared.ExitCode == 0, cleared.StandardError);
        Assert.Equal("libraries= token=new-token url=http://plex.lan:32400 | D:\\Media=/srv/media", await SnapshotAsync(database, "home"));
    }

    public static TheoryData<string, string[], string> BadInput => new()
    {
        { "unknown source", ["source", "set", "nope", "--sync-interval", "1h"], "error: There is no source named 'nope'." },
        { "bad interval", ["source", "set", "tv", "--sync-interval", "often"], "error: The sync interval 'often' is not valid: use a whole number of minutes, hours or days (30m, 6h, 1d) or 'off'." },
        { "interval too short", ["source", "set", "tv", "--sync-interval", "0m"], "error: The sync interval '0m' is not valid" },
        { "missing folder", ["source", "set", "tv", "--path", "/no/such/folder/rv"], "error: The folder /no/such/folder/rv does not exist." },
        { "plex option on a filesystem source", ["source", "set", "tv", "--url", "http://plex.local:32400"], "error: Source 'tv' is a filesystem source; media server settings (a server URL) do not apply to it. Nothing was changed." },
        { "path maps on a filesystem source", ["source", "set", "tv", "--sync-interval", "1h", "--clear-path-maps"], "error: Source 'tv' is a filesystem source; media server settings (path mappings) do not apply to it. Nothing was changed." },
        { "filesystem option on a plex source", ["source", "set", "home", "--kind", "movies"], "error: Source 'home' is a Plex source; filesystem settings (a content kind) do not apply to it. Nothing was changed." },
        { "bad path map", ["source", "set", "home", "--path-map", "/data/tv"], "error: --path-map '/data/tv' is not PLEX_PREFIX=LOCAL_PREFIX" },
        { "token variable not set", ["source", "set", "home", "--token-env", "RV_NO_SUCH_VARIABLE"], "error: --token-env RV_NO_SUCH_VARIABLE: that environment variable is not set or empty." },
        { "bad url", ["source", "set", "home", "--url", "plex.local"], "error: The server URL must be an http:// or https:// address" },
        { "nothing given", ["source", "set", "tv"], "error: Nothing to change: give at least one of --sync-interval" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_is_refused_with_one_clear_line_and_changes_nothing(string problem, string[] arguments, string expected)
    {
        var (cli, database) = await CreateAsync();
        var folder = Directory.CreateTempSubdirectory("rv-set-").FullName;
        await cli.RunAsync("source", "add", "filesystem", "tv", "--path", folder);
        await cli.RunAsync("source", "add", "plex", "home", "--url", "http://plex.local:32400", "--token", "secret", "--path-map", "/data/tv=/mnt/tv");
        var before = await SnapshotAsync(database, "tv") + await SnapshotAsync(database, "home");

        var refused = await cli.RunAsync(arguments);

        Assert.True(refused.ExitCode == 1, $"{problem}: exit code {refused.ExitCode}");
        Assert.True(refused.StandardError.StartsWith(expected, StringComparison.Ordinal), $"{problem}: expected '{expected}' in:\n{refused.StandardError}");
        Assert.Single(refused.StandardError.Trim().Split('\n'));
        Assert.Equal(before, await SnapshotAsync(database, "tv") + await SnapshotAsync(database, "home"));
    }

    private static async Task<(CliRunner Cli, string Database)> CreateAsync()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        return (new CliRunner(database), database);
    }

    /// <summary>The stored settings (by key) and path mappings of a source, as one line.</summary>
    private static async Task<string> SnapshotAsync(string database, string name)
    {
        await using var db = TestPostgres.CreateContext(database);
        var source = await db.Sources.AsNoTracking().Include(s => s.PathMappings).SingleAsync(s => s.Name == name);
        var settings = string.Join(' ', source.Settings.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        var mappings = string.Join(' ', source.PathMappings.OrderBy(m => m.Order).Select(m => $"{m.FromPrefix}={m.ToPrefix}"));
        return $"{settings} | {mappings}".TrimEnd();
    }
}
