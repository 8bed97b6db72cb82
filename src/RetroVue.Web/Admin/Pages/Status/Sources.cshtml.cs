namespace RetroVue.Web.Admin.Pages.Status;

/// <summary>The dashboard's sources card alone, for the script that refreshes it while a sync runs.</summary>
public sealed class SourcesFragmentModel(SourcesStatus status) : AdminPageModel
{
    public SourcesStatusView View { get; private set; } = new([]);

    public async Task OnGetAsync(CancellationToken cancellationToken) => View = await status.ReadAsync(cancellationToken);
}
