using Microsoft.AspNetCore.Mvc.RazorPages;

namespace RetroVue.Web.Admin.Pages.Status;

/// <summary>
/// The dashboard's sources card alone, for the script that refreshes it while a sync runs. A plain page model, not an
/// <see cref="AdminPageModel"/>: a background poll must not use up the one-time message meant for the next page.
/// </summary>
public sealed class SourcesFragmentModel(SourcesStatus status) : PageModel
{
    public SourcesStatusView View { get; private set; } = new([]);

    public async Task OnGetAsync(CancellationToken cancellationToken) => View = await status.ReadAsync(cancellationToken);
}
