using RetroVue.App.Sources;

namespace RetroVue.Web.Admin.Pages.Sources;

public sealed class SourcesModel(SourceService sources) : AdminPageModel
{
    public IReadOnlyList<SourceSummary> Sources { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Sources = await sources.ListAsync(cancellationToken);
}
