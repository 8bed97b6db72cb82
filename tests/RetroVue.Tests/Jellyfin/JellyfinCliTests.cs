using System.Text.Json;
using RetroVue.Tests.Cli;
using RetroVue.Tests.Jellyfin.Support;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Jellyfin;

/// <summary>The `retrovue` program itself against fake Jellyfin and Emby servers: adding, testing, syncing and changing such sources.</summary>
public sealed class JellyfinCliTests
{
    private static Dictionary<string, string?> NoKeys => new() { ["RETROVUE_JELLYFIN_KEY"] = "", ["RETROVUE_EMBY_KEY"] = "", ["MY_KEY"] = "" };

    private static async Task<(FakeJellyfinServer Server, CliRunner Cli)> StartAsync(bool emby)
    {
        var server = await FakeJellyfinServer.StartAsync(emby);
        server.AddLibrary("lib-tv", "TV Shows", "tvshows");
        server.AddLibrary("lib-music", "Music", "music");
        var items = server.ItemsOf("lib-tv");
        items.Add(JellyfinPayloads.Series(0));
        items.Add(JellyfinPayloads.Episode(0, 1));
        items.Add(JellyfinPayloads.Episode(0, 2));
        return (server, new CliRunner(await TestPostgres.CreateDatabaseAsync()));
    }

    [Fact]
    public async Task A_jellyfin_source_added_with_the_key_from_RETROVUE_JELLYFIN_KEY_tests_and_syncs_and_the_key_is_never_printed()
    {
        var (server, cli) = await StartAsync(emby: false);
        await using var _ = server;
        server.SetFile(JellyfinPayloads.EpisodeId(0, 1), [0x47, 0x40, 0x11, 0x10]);

        var added = await cli.RunWithAsync(
            new Dictionary<string, string?>(NoKeys) { ["RETROVUE_JELLYFIN_KEY"] = server.ApiKey },
            "source", "add", "jellyfin", "den", "--url", server.BaseUri.ToString(), "--library", "TV Shows", "--path-map", "/media/tv=/mnt/nas/tv", "--sync-interval", "12h");
        Assert.True(added.ExitCode == 0, added.StandardError);
        Assert.Contains("Added Jellyfin source 'den'", added.StandardOutput);

        var test = await cli.RunWithAsync(NoKeys, "source", "test", "den");
        Assert.True(test.ExitCode == 0, test.StandardOutput + test.StandardError);
        Assert.Contains("version 10.10.3", test.StandardOutput);
        Assert.Contains("TV Shows (tvshows, id lib-tv): selected, 2 items", test.StandardOutput);
        Assert.Contains("Music (music, id lib-music): not selected", test.StandardOutput);
        Assert.Contains("-> /mnt/nas/tv/Show 0/Season 01/Show 0 - S01E01.mkv: NOT reachable here, plays through Jellyfin (the stream answered a range request)", test.StandardOutput);
        Assert.Contains("ready to sync.", test.StandardOutput);

        var sync = await cli.RunWithAsync(NoKeys, "source", "sync", "den", "--json");
        Assert.True(sync.ExitCode == 0, sync.StandardError);
        using (var json = JsonDocument.Parse(sync.StandardOutput))
        {
            Assert.Equal(2, json.RootElement.GetProperty("added").GetInt32());
        }

        var set = await cli.RunWithAsync(new Dictionary<string, string?>(NoKeys) { ["MY_KEY"] = "a-new-key-0001" }, "source", "set", "den", "--api-key-env", "MY_KEY");
        Assert.True(set.ExitCode == 0, set.StandardError);
        var failed = await cli.RunWithAsync(NoKeys, "source", "sync", "den");
        Assert.Contains("rejected the API key (401): wrong API key", failed.StandardOutput + failed.StandardError);

        var everything = string.Join('\n', new[] { added, test, sync, set, failed }.Select(r => r.StandardOutput + r.StandardError));
        Assert.DoesNotContain(server.ApiKey, everything);
        Assert.DoesNotContain("a-new-key-0001", everything);
    }

    [Fact]
    public async Task An_emby_source_is_added_with_RETROVUE_EMBY_KEY_and_syncs_through_the_same_path()
    {
        var (server, cli) = await StartAsync(emby: true);
        await using var _ = server;

        var added = await cli.RunWithAsync(new Dictionary<string, string?>(NoKeys) { ["RETROVUE_EMBY_KEY"] = server.ApiKey }, "source", "add", "emby", "attic", "--url", server.BaseUri.ToString());
        Assert.True(added.ExitCode == 0, added.StandardError);
        Assert.Contains("Added Emby source 'attic'", added.StandardOutput);
        Assert.Contains("every movie, show and mixed library", added.StandardOutput);

        var sync = await cli.RunWithAsync(NoKeys, "source", "sync", "attic", "--json");
        Assert.True(sync.ExitCode == 0, sync.StandardError);
        using var json = JsonDocument.Parse(sync.StandardOutput);
        Assert.Equal(2, json.RootElement.GetProperty("added").GetInt32());
    }

    [Theory]
    [InlineData("jellyfin|den|--url|http://127.0.0.1:8096", "error: A Jellyfin source needs an API key: set RETROVUE_JELLYFIN_KEY, or pass --api-key-env VARIABLE (or --api-key, which stays in shell history).")]
    [InlineData("emby|den|--url|http://127.0.0.1:8096", "error: An Emby source needs an API key: set RETROVUE_EMBY_KEY, or pass --api-key-env VARIABLE (or --api-key, which stays in shell history).")]
    [InlineData("jellyfin|den|--url|ftp://host|--api-key|k3y", "error: 'ftp://host' is not a Jellyfin server URL: use the form http://host:8096.")]
    [InlineData("jellyfin|den|--url|http://127.0.0.1:8096/?api_key=k3y|--api-key|k3y", "error: Give the Jellyfin server URL without a query or user name; the API key has its own setting, because URLs end up in logs.")]
    [InlineData("jellyfin|den|--url|http://127.0.0.1:8096|--api-key|k3y|--path-map|/media", "error: --path-map '/media' is not SERVER_PREFIX=LOCAL_PREFIX (for example --path-map \"/media/tv=/mnt/nas/tv\").")]
    public async Task Bad_input_to_source_add_is_refused_with_one_clear_line_and_adds_nothing(string arguments, string expected)
    {
        var cli = new CliRunner(await TestPostgres.CreateDatabaseAsync());

        var result = await cli.RunWithAsync(NoKeys, ["source", "add", .. arguments.Split('|')]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(expected, result.StandardError.Trim());
        var list = await cli.RunWithAsync(NoKeys, "source", "list", "--json");
        Assert.Equal("[]", list.StandardOutput.Trim());
    }
}
