using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RetroVue.Adapters;
using RetroVue.App;
using RetroVue.Web.Admin.Security;
using RetroVue.Web.Channels;
using RetroVue.Web.Guide;

namespace RetroVue.Tests.Guide;

/// <summary>The real IPTV endpoints behind the IPTV access gate (and the now-playing API) on Kestrel at a loopback port, over a test database and a hand-moved clock.</summary>
public sealed class IptvWebHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private IptvWebHost(WebApplication app, HttpClient client)
    {
        _app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public string BaseUrl => Client.BaseAddress!.ToString().TrimEnd('/');

    public static async Task<IptvWebHost> StartAsync(string connectionString, TimeProvider clock)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();

        // Artwork comes from fake Plex servers on 127.0.0.1, which the source address policy refuses unless told otherwise.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Sources:AllowLoopback"] = "true" });
        builder.Services.AddSingleton(clock);
        builder.Services.AddRetroVueApp(builder.Configuration);
        builder.Services.AddRetroVueAdapters(builder.Configuration, connectionString);
        builder.Services.AddIptvEndpoints(builder.Configuration);
        var app = builder.Build();

        // As in the server: open unless the operator requires the IPTV token.
        app.UseIptvAccessGate();
        app.UseIptvEndpoints();

        // The server puts the now-playing API under the API's sign-in (SecurityTests); here it is read without one.
        app.MapGroup("/api/channels").MapNowPlaying();
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
        return new IptvWebHost(app, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
