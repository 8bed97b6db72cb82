using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Admin;

/// <summary>
/// The real web host (Program of RetroVue.Web) in memory, on its own fresh PostgreSQL database and its own
/// temporary data folder, with the admin account created. Settings go in as command-line style host settings.
/// </summary>
public sealed partial class AdminHost : WebApplicationFactory<RetroVue.Web.WebEntryPoint>
{
    public const string UserName = "operator";
    public const string Password = "correct horse battery";

    private readonly Dictionary<string, string> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly bool _ownsDataDirectory;

    private AdminHost(string connectionString, string? dataDirectory, IDictionary<string, string>? settings, Action<IServiceCollection>? services = null)
    {
        _services = services;
        ConnectionString = connectionString;
        _ownsDataDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("rv-admin-").FullName;
        _settings = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["ConnectionStrings:RetroVue"] = connectionString,
            ["DataDirectory"] = DataDirectory,
        };
        _settings.TryAdd("Logging:Level", "Warning");
        _settings.TryAdd("Admin:LoginAttemptsPerMinute", "1000");

        // The fake Plex servers listen on 127.0.0.1, which the source address policy refuses unless told otherwise.
        _settings.TryAdd("Sources:AllowLoopback", "true");

        // Keep the tests off the LAN: no SSDP or HDHomeRun discovery sockets.
        _settings.TryAdd("Tuner:SsdpEnabled", "false");
        _settings.TryAdd("Tuner:HdHomeRunDiscoveryEnabled", "false");
    }

    public string ConnectionString { get; }

    /// <summary>The data folder this host uses (device id, Data Protection keys); deleted with the host that made it.</summary>
    public string DataDirectory { get; }

    /// <summary>A host on a fresh database; no admin exists yet. <paramref name="services"/> adds to the host's own (a log sink, say).</summary>
    public static async Task<AdminHost> StartAsync(IDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null) =>
        Started(new AdminHost(await TestPostgres.CreateDatabaseAsync(), null, settings, services));

    /// <summary>
    /// Another host on <paramref name="connectionString"/>; on <paramref name="dataDirectory"/> as a restart or a second
    /// instance would run, or (null) on a temporary folder of its own.
    /// </summary>
    public static AdminHost StartOn(string connectionString, string? dataDirectory) => Started(new AdminHost(connectionString, dataDirectory, null));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDataDirectory && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    private static AdminHost Started(AdminHost host)
    {
        _ = host.Server; // Start now, so that a failing start shows in the test that caused it.
        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }

    /// <summary>A client that keeps cookies and does not follow redirects (tests look at them).</summary>
    public HttpClient NewBrowser() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Creates the admin through the setup page and returns a signed-in browser.</summary>
    public async Task<HttpClient> SetUpAdminAsync()
    {
        var browser = NewBrowser();
        var token = await AntiforgeryTokenAsync(browser, "/admin/setup");
        var response = await browser.PostAsync("/admin/setup", Form(token, ("userName", UserName), ("password", Password), ("confirmation", Password)));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Setup answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return browser;
    }

    public async Task<HttpClient> SignedInBrowserAsync()
    {
        var browser = NewBrowser();
        var token = await AntiforgeryTokenAsync(browser, "/admin/login");
        var response = await browser.PostAsync("/admin/login", Form(token, ("userName", UserName), ("password", Password)));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in answered {response.StatusCode}");
        }

        return browser;
    }

    /// <summary>Loads a page and reads the antiforgery token its first form carries.</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient browser, string path)
    {
        var html = await browser.GetStringAsync(path);
        var match = TokenField().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException($"{path} has no antiforgery token:\n{html}");
    }

    public static FormUrlEncodedContent Form(string? token, params (string Name, string Value)[] fields)
    {
        var pairs = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        if (token is not null)
        {
            pairs.Add(new KeyValuePair<string, string>("__RequestVerificationToken", token));
        }

        return new FormUrlEncodedContent(pairs);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
