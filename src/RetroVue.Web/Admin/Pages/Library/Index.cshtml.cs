using Microsoft.AspNetCore.Mvc;
using RetroVue.App.Common;
using RetroVue.App.Library;
using RetroVue.App.Sources;
using RetroVue.Domain.Library;

namespace RetroVue.Web.Admin.Pages.Library;

public sealed class LibraryModel(LibraryBrowser browser, SourceService sources) : AdminPageModel
{
    public const int PageSize = 50;

    public AssetFilter Filter { get; private set; } = new();
    public AssetPage Listing { get; private set; } = new([], null, null, 0);
    public IReadOnlyList<string> SourceNames { get; private set; } = [];
    public bool HasFilter => Filter != new AssetFilter();

    public async Task<IActionResult> OnGetAsync(
        string? search,
        string? source,
        string? state,
        string? kind,
        bool unlinked,
        bool needsReview,
        bool missing,
        Guid? after,
        Guid? before,
        CancellationToken cancellationToken)
    {
        SourceNames = (await sources.ListAsync(cancellationToken)).Select(s => s.Name).ToList();
        return await ChangeAsync(async () =>
        {
            Filter = new AssetFilter(
                string.IsNullOrWhiteSpace(search) ? null : search.Trim(),
                string.IsNullOrWhiteSpace(source) ? null : source,
                Parse<AssetState>(state, "state"),
                Parse<TitleKind>(kind, "kind"),
                unlinked,
                needsReview,
                missing);
            Listing = await browser.AssetsAsync(Filter, after, before, PageSize, cancellationToken);
            return Page();
        });
    }

    public string PageLink(Guid? after = null, Guid? before = null)
    {
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("search", Filter.Search);
        Add("source", Filter.Source);
        Add("state", Filter.State?.ToString().ToLowerInvariant());
        Add("kind", Filter.Kind?.ToString().ToLowerInvariant());
        Add("unlinked", Filter.Unlinked ? "true" : null);
        Add("needsReview", Filter.NeedsReview ? "true" : null);
        Add("missing", Filter.Missing ? "true" : null);
        Add("after", after?.ToString());
        Add("before", before?.ToString());
        return "/admin/library?" + string.Join('&', query);
    }

    private static T? Parse<T>(string? value, string name)
        where T : struct, Enum =>
        string.IsNullOrWhiteSpace(value) ? null
        : Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
        : throw new UserFacingException($"'{value}' is not a {name}.");
}
