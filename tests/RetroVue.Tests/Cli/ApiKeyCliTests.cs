using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RetroVue.Tests.Admin;

namespace RetroVue.Tests.Cli;

/// <summary>`retrovue apikey create/list/revoke`, run as the real program, against the real server's API.</summary>
public sealed class ApiKeyCliTests
{
    [Fact]
    public async Task A_key_created_on_the_command_line_opens_the_API_until_it_is_revoked_and_is_never_listed()
    {
        await using var server = await AdminHost.StartAsync();
        var cli = new CliRunner(server.ConnectionString);

        var created = await cli.RunAsync("apikey", "create", "backup-script", "--json");
        Assert.True(created.ExitCode == 0, created.StandardError);
        Assert.Contains("will not be shown again", created.StandardError, StringComparison.Ordinal);
        string secret;
        string id;
        using (var json = JsonDocument.Parse(created.StandardOutput))
        {
            secret = json.RootElement.GetProperty("secret").GetString()!;
            id = json.RootElement.GetProperty("key").GetProperty("id").GetString()!;
            Assert.Equal("backup-script", json.RootElement.GetProperty("key").GetProperty("name").GetString());
        }

        var script = server.NewBrowser();
        script.DefaultRequestHeaders.Add("X-Api-Key", secret);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/sources")).StatusCode);

        var listed = await cli.RunAsync("apikey", "list", "--json");
        var table = await cli.RunAsync("apikey", "list");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        foreach (var output in new[] { listed.StandardOutput, table.StandardOutput })
        {
            Assert.Contains("backup-script", output, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
            Assert.DoesNotContain(hash, output, StringComparison.OrdinalIgnoreCase);
        }

        using (var json = JsonDocument.Parse(listed.StandardOutput))
        {
            var key = Assert.Single(json.RootElement.EnumerateArray());
            Assert.Equal(id, key.GetProperty("id").GetString());
            Assert.NotEqual(JsonValueKind.Null, key.GetProperty("lastUsedAt").ValueKind);
            Assert.Equal(JsonValueKind.Null, key.GetProperty("revokedAt").ValueKind);
        }

        var revoked = await cli.RunAsync("apikey", "revoke", "backup-script");
        Assert.True(revoked.ExitCode == 0, revoked.StandardError);
        Assert.Contains($"Revoked API key 'backup-script' (id {id})", revoked.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/sources")).StatusCode);
        using (var json = JsonDocument.Parse((await cli.RunAsync("apikey", "list", "--json")).StandardOutput))
        {
            Assert.NotEqual(JsonValueKind.Null, Assert.Single(json.RootElement.EnumerateArray()).GetProperty("revokedAt").ValueKind);
        }
    }

    [Fact]
    public async Task Without_json_the_key_is_printed_once_on_its_own_line_with_the_warning()
    {
        var cli = new CliRunner(await Support.TestPostgres.CreateDatabaseAsync());

        var created = await cli.RunAsync("apikey", "create", "grafana");

        Assert.True(created.ExitCode == 0, created.StandardError);
        var lines = created.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("Created API key 'grafana' (id ", lines[0], StringComparison.Ordinal);
        Assert.Matches("^rvk_[A-Za-z0-9_-]{43}$", lines[1]);
        Assert.Contains("it will not be shown again", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoking_an_unknown_key_or_a_name_several_keys_share_fails_clearly_and_revokes_nothing()
    {
        var cli = new CliRunner(await Support.TestPostgres.CreateDatabaseAsync());
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var json = JsonDocument.Parse((await cli.RunAsync("apikey", "create", "shared", "--json")).StandardOutput);
            ids.Add(json.RootElement.GetProperty("key").GetProperty("id").GetString()!);
        }

        var unknown = await cli.RunAsync("apikey", "revoke", "nobody");
        var ambiguous = await cli.RunAsync("apikey", "revoke", "shared");
        var blankLabel = await cli.RunAsync("apikey", "create", "  ");

        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal("error: There is no active API key named or with id 'nobody'. 'retrovue apikey list' shows the keys.", unknown.StandardError.Trim());
        Assert.Equal(1, ambiguous.ExitCode);
        Assert.Contains("2 active API keys are named 'shared'", ambiguous.StandardError, StringComparison.Ordinal);
        Assert.All(ids, id => Assert.Contains(id, ambiguous.StandardError, StringComparison.Ordinal));
        Assert.Equal(1, blankLabel.ExitCode);
        Assert.Contains("needs a name of 1-100 characters", blankLabel.StandardError, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse((await cli.RunAsync("apikey", "list", "--json")).StandardOutput))
        {
            Assert.All(json.RootElement.EnumerateArray(), k => Assert.Equal(JsonValueKind.Null, k.GetProperty("revokedAt").ValueKind));
        }

        var byId = await cli.RunAsync("apikey", "revoke", ids[1]);
        var nowUnique = await cli.RunAsync("apikey", "revoke", "shared");

        Assert.Contains(ids[1], byId.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(ids[0], nowUnique.StandardOutput, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse((await cli.RunAsync("apikey", "list", "--json")).StandardOutput))
        {
            Assert.All(json.RootElement.EnumerateArray(), k => Assert.NotEqual(JsonValueKind.Null, k.GetProperty("revokedAt").ValueKind));
        }
    }
}
