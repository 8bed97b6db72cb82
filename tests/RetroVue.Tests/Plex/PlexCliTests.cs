using System.Text.Json;
using RetroVue.Tests.Cli;
using RetroVue.Tests.Plex.Support;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Plex;

/// <summary>The `retrovue` program itself against a fake Plex server: adding, testing, ingesting and syncing a Plex source.</summary>
public sealed class PlexCliTests : IAsyncLifetime
{
    private FakePlexServer _server = null!;
    private CliRunner _cli = null!;

    public async Task InitializeAsync()
    {
        _server = await FakePlexServer.StartAsync(token: "cli-secret-token-W7q2");
        _server.SetSections(("1", "movie", "Movies"), ("2", "show", "TV Shows"));
        GeneratedLibrary.ServeShows(_server, shows: 2, episodesPerShow: 3);
        _cli = new CliRunner(await TestPostgres.CreateDatabaseAsync());
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Dictionary<string, string?> NoToken => new() { ["RETROVUE_PLEX_TOKEN"] = "", ["MY_PLEX_TOKEN"] = "" };

    private Dictionary<string, string?> TokenIn(string variable) => new(NoToken) { [variable] = _server.Token };

    [Fact]
    public async Task A_plex_source_added_with_the_token_from_the_environment_tests_ingests_and_syncs_and_the_token_is_never_printed()
    {
        var added = await _cli.RunWithAsync(
            TokenIn("MY_PLEX_TOKEN"),
            "source", "add", "plex", "home", "--url", _server.BaseUri.ToString(), "--token-env", "MY_PLEX_TOKEN",
            "--library", "TV Shows", "--path-map", "/data/tv=/mnt/nas/tv", "--sync-interval", "12h");
        Assert.Equal(0, added.ExitCode);
        Assert.Contains("Added Plex source 'home'", added.StandardOutput);

        _server.SetImage("/library/parts/500001/1700000000/file.mkv", [0x1a, 0x45, 0xdf, 0xa3], "video/x-matroska");
        var test = await _cli.RunWithAsync(NoToken, "source", "test", "home");
        Assert.Equal(0, test.ExitCode);
        Assert.Contains("version 1.41.3.9314", test.StandardOutput);
        Assert.Contains("Show 000 - S01E01.mkv: NOT reachable here, plays through Plex (the part answered, but without byte ranges", test.StandardOutput);
        Assert.Contains("Show 000 - S01E02.mkv: NOT reachable here, plays through Plex (Plex no longer has the part (404))", test.StandardOutput);
        var testJson = await _cli.RunWithAsync(NoToken, "source", "test", "home", "--json");
        using (var json = JsonDocument.Parse(testJson.StandardOutput))
        {
            var sample = json.RootElement.GetProperty("sampleFiles")[0];
            Assert.Equal("through Plex", sample.GetProperty("plays").GetString());
            Assert.StartsWith("the part answered", sample.GetProperty("partCheck").GetString(), StringComparison.Ordinal);
        }

        Assert.Contains("TV Shows (show, key 2): selected, 6 items", test.StandardOutput);
        Assert.Contains("Movies (movie, key 1): not selected", test.StandardOutput);
        Assert.Contains("-> /mnt/nas/tv/Show 000/Season 01/Show 000 - S01E01.mkv: NOT reachable here, plays through Plex", test.StandardOutput);
        Assert.Contains("ready to sync.", test.StandardOutput);

        var ingest = await _cli.RunWithAsync(NoToken, "--verbose", "ingest", "home");
        Assert.True(ingest.ExitCode == 0, ingest.StandardError);
        Assert.Contains("home: 6 files found", ingest.StandardOutput);
        Assert.Contains("6 added", ingest.StandardOutput);
        Assert.Contains("/library/sections/2/all", ingest.StandardError);

        var sync = await _cli.RunWithAsync(NoToken, "source", "sync", "home", "--json");
        Assert.Equal(0, sync.ExitCode);
        using (var json = JsonDocument.Parse(sync.StandardOutput))
        {
            Assert.Equal("delta", json.RootElement.GetProperty("mode").GetString());
            Assert.Equal(6, json.RootElement.GetProperty("unchanged").GetInt32());
        }

        var list = await _cli.RunWithAsync(NoToken, "source", "list");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("LAST SYNC", list.StandardOutput);
        Assert.Contains("UTC delta", list.StandardOutput);
        Assert.Contains("succeeded: 0 added, 0 updated, 0 retired", list.StandardOutput);
        var listJson = await _cli.RunWithAsync(NoToken, "source", "list", "--json");
        using (var json = JsonDocument.Parse(listJson.StandardOutput))
        {
            var settings = json.RootElement[0].GetProperty("settings");
            Assert.Equal("***", settings.GetProperty("token").GetString());
            Assert.Equal("12h", settings.GetProperty("sync-interval").GetString());
            Assert.Equal("/mnt/nas/tv", json.RootElement[0].GetProperty("pathMappings")[0].GetProperty("to").GetString());
        }

        var everything = string.Join('\n', new[] { added, test, ingest, sync, list, listJson }.Select(r => r.StandardOutput + r.StandardError));
        Assert.DoesNotContain(_server.Token, everything);
    }

    [Fact]
    public async Task The_token_is_also_read_from_RETROVUE_PLEX_TOKEN()
    {
        var added = await _cli.RunWithAsync(TokenIn("RETROVUE_PLEX_TOKEN"), "source", "add", "plex", "home", "--url", _server.BaseUri.ToString());
        Assert.Equal(0, added.ExitCode);
        Assert.Contains("every movie and show library", added.StandardOutput);
        Assert.Equal(0, (await _cli.RunWithAsync(NoToken, "source", "test", "home")).ExitCode);
    }

    [Theory]
    [InlineData("--url|not a url|--token|t0ken-abc", "error: 'not a url' is not a Plex server URL: use the form http://host:32400.")]
    [InlineData("--url|ftp://host:32400|--token|t0ken-abc", "error: 'ftp://host:32400' is not a Plex server URL: use the form http://host:32400.")]
    [InlineData("--url|http://host:32400", "error: A Plex source needs a token: set RETROVUE_PLEX_TOKEN, or pass --token-env VARIABLE (or --token, which stays in shell history).")]
    [InlineData("--url|http://host:32400|--token-env|MY_PLEX_TOKEN", "error: --token-env MY_PLEX_TOKEN: that environment variable is not set or empty.")]
    [InlineData("--url|http://host:32400|--token|t0ken-abc|--path-map|/data/tv", "error: --path-map '/data/tv' is not PLEX_PREFIX=LOCAL_PREFIX (for example --path-map \"/data/tv=/mnt/nas/tv\" or --path-map \"D:\\Media=/mnt/media\").")]
    [InlineData("--url|http://host:32400|--token|t0ken-abc|--path-map|/data/tv=relative/dir", "error: --path-map '/data/tv=relative/dir': the local prefix 'relative/dir' is not an absolute path.")]
    [InlineData("--url|http://host:32400|--token|t0ken-abc|--sync-interval|5s", "error: --sync-interval '5s': use a whole number of minutes, hours or days (30m, 6h, 1d) or 'off'.")]
    [InlineData("--url|http://host:32400/?X-Plex-Token=t0ken-abc|--token|t0ken-abc", "error: Give the Plex token as the source's token, not inside the URL: URLs end up in logs.")]
    public async Task Bad_input_to_source_add_plex_is_one_clear_line_and_adds_nothing(string options, string expected)
    {
        var result = await _cli.RunWithAsync(NoToken, ["source", "add", "plex", "home", .. options.Split('|')]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(expected, result.StandardError.Trim());
        Assert.DoesNotContain("t0ken-abc", result.StandardOutput + result.StandardError);
        Assert.Contains("No sources yet", (await _cli.RunAsync("source", "list")).StandardOutput);
    }

    [Fact]
    public async Task Testing_a_source_whose_server_refuses_the_token_is_a_clear_error()
    {
        Assert.Equal(0, (await _cli.RunAsync("source", "add", "plex", "home", "--url", _server.BaseUri.ToString(), "--token", "revoked-token-Qx9")).ExitCode);

        var test = await _cli.RunWithAsync(NoToken, "source", "test", "home");

        Assert.Equal(1, test.ExitCode);
        Assert.StartsWith("error: Plex rejected the token (401)", test.StandardError.Trim());
        Assert.DoesNotContain("revoked-token-Qx9", test.StandardOutput + test.StandardError);
    }
}
