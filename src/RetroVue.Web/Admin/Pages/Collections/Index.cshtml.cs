using Microsoft.AspNetCore.Mvc;
using RetroVue.App.Collections;

namespace RetroVue.Web.Admin.Pages.Collections;

/// <summary>The saved collections, and a form that tests a query (count and first items) before adding it.</summary>
public sealed class CollectionsModel(CollectionService collections) : AdminPageModel
{
    public const int PreviewSize = 20;

    public IReadOnlyList<CollectionView> Collections { get; private set; } = [];

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Query { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    /// <summary>What the typed query matches now; set after "Count and preview".</summary>
    public CollectionPreview? Preview { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Collections = await collections.ListAsync(cancellationToken);

    public Task<IActionResult> OnPostTestAsync(CancellationToken cancellationToken) =>
        ChangeAsync(
            async () =>
            {
                Collections = await collections.ListAsync(cancellationToken);
                Preview = await collections.TestAsync(Query ?? string.Empty, PreviewSize, cancellationToken);
                return Page();
            },
            () => ReloadAsync(cancellationToken));

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        ChangeAsync(
            async () =>
            {
                var added = await collections.AddAsync(Name ?? string.Empty, Query ?? string.Empty, Description, cancellationToken);
                Message = $"Added collection '{added.Name}'. Use it in a schedule as a pool: 'collection: {added.Name}'.";
                return Redirect($"/admin/collections/edit/{Uri.EscapeDataString(added.Name)}");
            },
            () => ReloadAsync(cancellationToken));

    private async Task ReloadAsync(CancellationToken cancellationToken) => Collections = await collections.ListAsync(cancellationToken);
}
