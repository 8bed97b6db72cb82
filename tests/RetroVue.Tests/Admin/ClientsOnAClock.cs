using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Admin;

/// <summary>
/// The admin host seen by several browsers at different client addresses, on a clock the test moves. The
/// in-memory test server has no sockets, so a browser names its address in a header that only this test
/// host reads.
/// </summary>
public sealed class ClientsOnAClock
{
    private const string AddressHeader = "X-Test-Client-Address";
    private readonly WebApplicationFactory<RetroVue.Web.WebEntryPoint> _app;

    private ClientsOnAClock(WebApplicationFactory<RetroVue.Web.WebEntryPoint> app, ManualClock clock)
    {
        _app = app;
        Clock = clock;
    }

    public ManualClock Clock { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Wraps <paramref name="host"/> (disposed with it); the admin is set up through it.</summary>
    public static async Task<ClientsOnAClock> StartAsync(AdminHost host)
    {
        var clock = new ManualClock(TimeProvider.System.GetUtcNow());
        var app = host.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddTransient<IStartupFilter, AddressFromHeader>();
        }));
        var clients = new ClientsOnAClock(app, clock);
        var browser = clients.BrowserAt("192.0.2.1");
        var token = await AdminHost.AntiforgeryTokenAsync(browser, "/admin/setup");
        var setUp = await browser.PostAsync("/admin/setup", AdminHost.Form(token, ("userName", AdminHost.UserName), ("password", AdminHost.Password), ("confirmation", AdminHost.Password)));
        Assert.Equal(HttpStatusCode.Redirect, setUp.StatusCode);
        return clients;
    }

    /// <summary>A browser (cookies kept, redirects not followed) whose requests come from <paramref name="address"/>.</summary>
    public HttpClient BrowserAt(string address)
    {
        var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        browser.DefaultRequestHeaders.Add(AddressHeader, address);
        return browser;
    }

    /// <summary>Posts the sign-in form at <paramref name="path"/> (any spelling of the login URL).</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string password, string path = "/admin/login", string userName = AdminHost.UserName)
    {
        var token = await AdminHost.AntiforgeryTokenAsync(browser, "/admin/login");
        return await browser.PostAsync(path, AdminHost.Form(token, ("userName", userName), ("password", password)));
    }

    private sealed class AddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[AddressHeader].ToString(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
