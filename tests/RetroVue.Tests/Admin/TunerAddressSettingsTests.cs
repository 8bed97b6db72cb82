using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.App.Security;

namespace RetroVue.Tests.Admin;

/// <summary>The Settings page tells the operator what to give Plex or Jellyfin, token included, and that address works.</summary>
public sealed class TunerAddressSettingsTests
{
    [Fact]
    public async Task The_settings_page_shows_the_tuner_address_with_the_token_path_when_the_token_is_required_and_the_plain_host_when_not()
    {
        await using var host = await AdminHost.StartAsync();
        var browser = await host.SetUpAdminAsync();
        var access = host.Services.GetRequiredService<IptvAccess>();

        var open = await browser.GetStringAsync("/admin/settings");
        var anyPathWhileOpen = await host.NewBrowser().GetAsync("/t/anything/lineup.json");
        var token = (await access.SetTokenRequiredAsync(true, CancellationToken.None)).Token!;
        var secured = await browser.GetStringAsync("/admin/settings");
        var tuner = host.NewBrowser();
        var discover = await tuner.GetAsync($"/t/{token}/discover.json");
        var withoutToken = await tuner.GetAsync("/discover.json");
        await access.RegenerateTokenAsync(CancellationToken.None);
        var oldAddress = await tuner.GetAsync($"/t/{token}/discover.json");

        Assert.Contains("<code class=\"secret\" id=\"tuner-address\">http://localhost</code>", open, StringComparison.Ordinal);
        Assert.Contains($"<code class=\"secret\" id=\"tuner-address\">http://localhost/t/{token}</code>", secured, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, discover.StatusCode);
        Assert.Contains($"\"LineupURL\":\"http://localhost/t/{token}/lineup.json\"", await discover.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldAddress.StatusCode);
        Assert.Equal(HttpStatusCode.OK, anyPathWhileOpen.StatusCode);
    }
}
