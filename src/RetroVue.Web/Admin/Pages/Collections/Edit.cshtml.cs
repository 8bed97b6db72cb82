using Microsoft.AspNetCore.Mvc;
using RetroVue.App.Collections;

namespace RetroVue.Web.Admin.Pages.Collections;

/// <summary>One collection: what it matches now, which channels take it, and a form to change, test or remove it.</summary>
public sealed class EditCollectionModel(CollectionService collections) : AdminPageModel
{
    [BindProperty(SupportsGet = true)]
    public string CollectionName { get; set; } = string.Empty;

    [BindProperty]
    public string? Query { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    public CollectionDetails? Details { get; private set; }

    /// <summary>What the page shows as matching: the saved query's, or the typed one's after "Count and preview".</summary>
    public CollectionPreview? Preview { get; private set; }

    public Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        ChangeAsync(async () =>
        {
            await LoadAsync(cancellationToken);
            Query = Details!.Collection.Query;
            Description = Details.Collection.Description;
            return Page();
        });

    public Task<IActionResult> OnPostTestAsync(CancellationToken cancellationToken) =>
        ChangeAsync(
            async () =>
            {
                await LoadAsync(cancellationToken);
                Preview = await collections.TestAsync(Query ?? string.Empty, CollectionsModel.PreviewSize, cancellationToken);
                return Page();
            },
            () => LoadAsync(cancellationToken));

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        ChangeAsync(
            async () =>
            {
                var changed = await collections.SetAsync(CollectionName, Query ?? string.Empty, Description, setDescription: true, cancellationToken);
                Message = $"Saved collection '{changed.Name}'. Channels that take it pick from the new matches at their next build.";
                return Redirect($"/admin/collections/edit/{Uri.EscapeDataString(changed.Name)}");
            },
            () => LoadAsync(cancellationToken));

    public Task<IActionResult> OnPostRemoveAsync(CancellationToken cancellationToken) =>
        ChangeAsync(
            async () =>
            {
                var removed = await collections.RemoveAsync(CollectionName, cancellationToken);
                Message = $"Removed collection '{removed.Name}'.";
                return Redirect("/admin/collections");
            },
            () => LoadAsync(cancellationToken));

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Details = await collections.ShowAsync(CollectionName, CollectionsModel.PreviewSize, cancellationToken);
        Preview ??= Details.Preview;
    }
}
