using Microsoft.AspNetCore.Mvc;
using RetroVue.App.Security;

namespace RetroVue.Web.Admin.Pages.Settings;

public sealed class SettingsModel(ApiKeyService apiKeys, IptvAccess iptv) : AdminPageModel
{
    public IReadOnlyList<ApiKeyView> Keys { get; private set; } = [];
    public IptvAccessSettings Iptv { get; private set; } = new(false, null);
    public string? NewSecret { get; private set; }
    public string PlaylistUrl { get; private set; } = string.Empty;

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public Task<IActionResult> OnPostCreateKeyAsync(string? keyName, CancellationToken cancellationToken) =>
        ChangeAsync(
            async () =>
            {
                // Rendered once into this response, never redirected through a URL or stored.
                NewSecret = (await apiKeys.CreateAsync(keyName, cancellationToken)).Secret;
                await LoadAsync(cancellationToken);
                return Page();
            },
            () => LoadAsync(cancellationToken));

    public Task<IActionResult> OnPostRevokeKeyAsync(Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(
            async () =>
            {
                var key = await apiKeys.RevokeAsync(id, cancellationToken);
                Message = $"Revoked the key '{key.Name}'.";
                return Redirect("/admin/settings");
            },
            () => LoadAsync(cancellationToken));

    public Task<IActionResult> OnPostIptvAsync(bool required, CancellationToken cancellationToken) =>
        ChangeAsync(async () =>
        {
            await iptv.SetTokenRequiredAsync(required, cancellationToken);
            Message = required ? "IPTV clients now need the token." : "IPTV is open on the network again.";
            return Redirect("/admin/settings");
        });

    public Task<IActionResult> OnPostRegenerateTokenAsync(CancellationToken cancellationToken) =>
        ChangeAsync(async () =>
        {
            await iptv.RegenerateTokenAsync(cancellationToken);
            Message = "Made a new IPTV token; set up players and tuners with the new playlist URL.";
            return Redirect("/admin/settings");
        });

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Keys = await apiKeys.ListAsync(cancellationToken);
        Iptv = await iptv.GetAsync(cancellationToken);
        PlaylistUrl = await iptv.AppendTokenAsync($"{Request.Scheme}://{Request.Host}/iptv/channels.m3u", cancellationToken);
    }
}
