using System.Net;

namespace RetroVue.Tests.Admin;

public sealed class FirstRunTests
{
    [Fact]
    public async Task Without_an_admin_every_admin_page_leads_to_setup_and_setup_disappears_once_the_admin_exists()
    {
        await using var host = await AdminHost.StartAsync();
        var anonymous = host.NewBrowser();

        var dashboard = await anonymous.GetAsync("/admin/library");
        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
        Assert.Equal("/admin/setup", dashboard.Headers.Location?.OriginalString);

        var admin = await host.SetUpAdminAsync();
        var home = await admin.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Dashboard", await home.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await host.NewBrowser().GetAsync("/admin/setup")).StatusCode);
        var stranger = host.NewBrowser();
        var login = await stranger.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.StartsWith("http://localhost/admin/login", login.Headers.Location?.ToString());
    }
}
