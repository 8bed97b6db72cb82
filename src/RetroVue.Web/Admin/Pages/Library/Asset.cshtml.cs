using Microsoft.AspNetCore.Mvc;
using RetroVue.App.Common;
using RetroVue.App.Library;

namespace RetroVue.Web.Admin.Pages.Library;

public sealed class AssetModel(LibraryBrowser browser) : AdminPageModel
{
    public AssetDetail? Detail { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            Detail = await browser.AssetAsync(id, cancellationToken);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }
}
