using RetroVue.Adapters.Plex;
using RetroVue.App.Ingest;
using RetroVue.Tests.Plex.Support;

namespace RetroVue.Tests.Plex;

/// <summary>The token may travel only in the X-Plex-Token header: never in a URL, a log line, a problem or an error.</summary>
public sealed class PlexTokenSecrecyTests : IAsyncLifetime, IDisposable
{
    private const string WrongToken = "wrong-token-Zq81xV";
    private FakePlexServer _server = null!;
    private readonly PlexTestHost _host = new(options =>
    {
        options.RequestTimeout = TimeSpan.FromMilliseconds(250);
        options.MaxRetries = 1;
    });

    public async Task InitializeAsync() => _server = await FakePlexServer.StartAsync(token: "real-token-Kp47wB");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task The_token_appears_in_no_url_log_line_problem_or_exception_through_successes_and_every_fault()
    {
        _server.SetSections(("1", "movie", "Films"), ("2", "show", "TV"));
        GeneratedLibrary.ServeShows(_server, shows: 3, episodesPerShow: 150);
        var texts = new List<string>();

        // A clean import, then one per fault: 5xx, hang, malformed JSON, refused token, unreachable server.
        Fault?[] faults = [null, Fault.Status(502), Fault.Hang, Fault.Body("{oops")];
        foreach (var fault in faults)
        {
            _server.InjectFault = request => request.IsListing && request.Start == 200 ? fault : null;
            texts.AddRange(await ImportAsync(_server.Token));
        }

        _server.InjectFault = null;
        texts.AddRange(await ImportAsync(WrongToken));
        var unreachable = new PlexConnection("http://127.0.0.1:9/", _server.Token);
        var error = await Assert.ThrowsAnyAsync<PlexException>(() => _host.Clients.Create(unreachable).GetIdentityAsync(CancellationToken.None));
        texts.Add(error.ToString());

        texts.AddRange(_host.Logs.Lines);
        texts.AddRange(_server.Requests.Select(r => r.RawTarget));
        Assert.Contains(_host.Logs.Lines, line => line.Contains("X-Plex-Token", StringComparison.Ordinal)); // the header was logged, masked
        Assert.Contains(_host.Logs.Lines, line => line.Contains("/library/sections/2/all", StringComparison.Ordinal));
        Assert.Contains(_server.Requests, r => r.Headers.GetValueOrDefault("X-Plex-Token") == _server.Token);
        Assert.DoesNotContain(texts, text => text.Contains(_server.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(texts, text => text.Contains(WrongToken, StringComparison.Ordinal));
    }

    private async Task<IEnumerable<string>> ImportAsync(string token)
    {
        var (_, scan) = await _host.DiscoverAsync(PlexTestHost.PlexSource(_server, token: token));
        return scan.Problems.Select(p => p.Path + " " + p.Message);
    }
}
