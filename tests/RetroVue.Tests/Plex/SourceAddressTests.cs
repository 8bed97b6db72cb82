using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetroVue.Adapters.Plex;
using RetroVue.Adapters.Sources;
using RetroVue.Adapters.Streaming.Remote;
using RetroVue.App.Security;
using RetroVue.App.Sources;
using RetroVue.App.Streaming;
using RetroVue.Domain.Library;
using RetroVue.Tests.Admin;
using RetroVue.Tests.Plex.Support;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Plex;

/// <summary>A host as shipped: sources may not point at this machine (Sources:AllowLoopback off).</summary>
public sealed class NoLoopbackHostFixture : IAsyncLifetime
{
    private AdminHost? _host;

    public AdminHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync()
    {
        _host = await AdminHost.StartAsync(new Dictionary<string, string> { ["Sources:AllowLoopback"] = "false" });
        await _host.SetUpAdminAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

/// <summary>Source URLs reach Plex servers on the LAN or the internet, never this machine, link-local neighbours or cloud metadata.</summary>
public sealed class SourceAddressTests(NoLoopbackHostFixture fixture) : IClassFixture<NoLoopbackHostFixture>
{
    private async Task<HttpClient> ScriptAsync()
    {
        var key = await fixture.Host.Services.GetRequiredService<ApiKeyService>().CreateAsync("address-tests", CancellationToken.None);
        var client = fixture.Host.NewBrowser();
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Secret);
        return client;
    }

    [Theory]
    [InlineData("http://127.0.0.1:32400", "loopback")]
    [InlineData("http://127.8.9.10:32400", "loopback")]
    [InlineData("http://[::1]:32400", "loopback")]
    [InlineData("http://[::ffff:127.0.0.1]:32400", "loopback")]
    [InlineData("http://localhost:32400", "loopback")]
    [InlineData("http://0.0.0.0:32400", "not a server address")]
    [InlineData("http://169.254.169.254/latest/meta-data", "metadata")]
    [InlineData("http://[fd00:ec2::254]/", "metadata")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1", "metadata")]
    [InlineData("http://169.254.10.20:32400", "link-local")]
    [InlineData("http://[fe80::1]:32400", "link-local")]
    public async Task A_Plex_source_pointed_at_this_machine_a_link_local_or_a_metadata_address_is_refused_and_not_stored(string url, string why)
    {
        var api = await ScriptAsync();
        var name = "addr-" + Guid.NewGuid().ToString("N")[..8];

        var response = await api.PostAsJsonAsync("/api/sources/plex", new { name, url, token = "abc" });

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode} {body}");
        Assert.Contains("refused", body);
        Assert.Contains(why, body);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/sources/{name}")).StatusCode);
    }

    [Theory]
    [InlineData("http://192.168.1.10:32400")]
    [InlineData("http://10.0.0.5:32400")]
    [InlineData("http://172.16.4.2:32400")]
    [InlineData("http://[fd12:3456::10]:32400")]
    [InlineData("https://203.0.113.7:32400")]
    [InlineData("http://plex.lan:32400")]
    public async Task A_Plex_source_on_the_LAN_or_a_public_address_is_accepted(string url)
    {
        var api = await ScriptAsync();

        var response = await api.PostAsJsonAsync("/api/sources/plex", new { name = "lan-" + Guid.NewGuid().ToString("N")[..8], url, token = "abc" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task A_stored_source_that_leads_to_this_machine_is_refused_at_connect_time_and_the_server_hears_nothing(string host)
    {
        // Saved while the setting allowed it (or a name that resolves differently now): the check at connect time holds.
        await using var plex = await FakePlexServer.StartAsync();
        var name = "stored-" + Guid.NewGuid().ToString("N")[..8];
        await using (var db = TestPostgres.CreateContext(fixture.Host.ConnectionString))
        {
            var url = $"http://{host}:{plex.BaseUri.Port}";
            db.Sources.Add(new Source(name, SourceKind.Plex, new Dictionary<string, string> { ["url"] = url, ["token"] = plex.Token }, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }

        var api = await ScriptAsync();
        var report = await api.PostAsync($"/api/sources/{name}/test", null);

        var body = await report.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.False(json.GetProperty("ok").GetBoolean());
        Assert.Contains("loopback", body);
        Assert.DoesNotContain(FakePlexServer.MachineIdentifier, body);
        Assert.Empty(plex.Requests);
    }

    [Fact]
    public async Task The_command_line_refuses_a_Plex_source_on_this_machine_unless_loopback_is_allowed()
    {
        var cli = new Cli.CliRunner(fixture.Host.ConnectionString);

        var refused = await cli.RunWithAsync(new Dictionary<string, string?> { ["RETROVUE_Sources__AllowLoopback"] = "false" }, "source", "add", "plex", "here", "--url", "http://127.0.0.1:32400", "--token", "abc");

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("error: The server URL is refused: 127.0.0.1 is this machine (loopback); set Sources:AllowLoopback to true if Plex runs here.", refused.StandardError.Trim());
        Assert.Equal(HttpStatusCode.NotFound, (await (await ScriptAsync()).GetAsync("/api/sources/here")).StatusCode);
    }

    [Fact]
    public async Task The_relay_does_not_connect_to_this_machine_unless_allowed()
    {
        await using var plex = await FakePlexServer.StartAsync();
        var media = new RemoteMedia("Plex", new Uri(plex.BaseUri, "library/parts/1/file.mkv"), new Dictionary<string, string> { ["X-Plex-Token"] = plex.Token });
        using var relay = new RemoteMediaClient(new SourceConnectionGuard(Options.Create(new SourceAddressOptions { AllowLoopback = false })));

        var answer = await relay.SendAsync(media, HttpMethod.Get, "bytes=0-", CancellationToken.None);

        Assert.Null(answer.Response);
        Assert.Contains("loopback", answer.Fault!.Text);
        Assert.Empty(plex.Requests);
    }
}

/// <summary>A server that answers every request its own way, recording what it was sent.</summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ScriptedServer(WebApplication app) => _app = app;

    public List<(string Host, string Path, string? Token)> Requests { get; } = [];

    public int Port => new Uri(_app.Urls.First()).Port;

    public static async Task<ScriptedServer> StartAsync(Func<HttpContext, int, Task> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new ScriptedServer(app);
        app.Run(context =>
        {
            lock (server.Requests)
            {
                server.Requests.Add((context.Request.Host.Host, context.Request.Path.Value ?? "", context.Request.Headers["X-Plex-Token"].FirstOrDefault()));
            }

            return answer(context, server.Port);
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>What a source server answers is never followed elsewhere with the token, nor read back to the caller.</summary>
public sealed class SourceAnswerTests : IDisposable
{
    private readonly PlexTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task A_redirect_to_another_host_is_not_followed_and_the_token_goes_nowhere_else()
    {
        await using var server = await ScriptedServer.StartAsync((context, port) =>
        {
            if (context.Request.Host.Host == "127.0.0.1")
            {
                context.Response.StatusCode = StatusCodes.Status302Found;
                context.Response.Headers.Location = $"http://localhost:{port}/elsewhere";
            }

            return Task.CompletedTask;
        });
        var client = _host.Clients.Create(new PlexConnection($"http://127.0.0.1:{server.Port}", "redirect-token"));

        var error = await Assert.ThrowsAsync<PlexProtocolException>(() => client.GetIdentityAsync(CancellationToken.None));

        Assert.Contains("redirect", error.Message);
        var only = Assert.Single(server.Requests);
        Assert.Equal("127.0.0.1", only.Host);
    }

    [Fact]
    public async Task What_a_server_that_is_not_Plex_answers_is_never_read_back_only_what_failed()
    {
        const string Secret = "ami-0123456789abcdef-instance-secret";
        await using var server = await ScriptedServer.StartAsync(async (context, _) =>
        {
            if (context.Request.Path.StartsWithSegments("/identity"))
            {
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync(Secret);
                return;
            }

            context.Response.StatusCode = 418;
            context.Features.Get<IHttpResponseFeature>()!.ReasonPhrase = Secret;
        });
        var client = _host.Clients.Create(new PlexConnection($"http://127.0.0.1:{server.Port}", "body-token"));

        var identity = await Assert.ThrowsAsync<PlexProtocolException>(() => client.GetIdentityAsync(CancellationToken.None));
        var sections = await Assert.ThrowsAsync<PlexProtocolException>(() => client.GetSectionsAsync(CancellationToken.None));

        Assert.Contains("not a Plex server", identity.Message);
        Assert.Contains("418", sections.Message);
        Assert.DoesNotContain("ami-", identity.Message + sections.Message);
        Assert.DoesNotContain("invalid start", identity.Message);
    }
}
