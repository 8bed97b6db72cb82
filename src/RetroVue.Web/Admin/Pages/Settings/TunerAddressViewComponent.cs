using Microsoft.AspNetCore.Mvc;
using RetroVue.App.Security;

namespace RetroVue.Web.Admin.Pages.Settings;

/// <summary>What an operator types into Plex DVR or Jellyfin to add the tuner by hand.</summary>
public sealed record TunerAddressView(string Address, bool TokenRequired);

/// <summary>
/// The tuner address block of the Settings page: the host the operator reached, plus /t/{token} when IPTV requires
/// the token, because Plex and Jellyfin append /discover.json to what they are given and would drop a query string.
/// </summary>
public sealed class TunerAddressViewComponent(IptvAccess iptv) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var settings = await iptv.GetAsync(HttpContext.RequestAborted);
        var address = $"{Request.Scheme}://{Request.Host}{Request.PathBase}{IptvAccess.TunerPath(settings)}";
        return View(new TunerAddressView(address, settings.TokenRequired));
    }
}
