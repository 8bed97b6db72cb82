using Microsoft.AspNetCore.Mvc;
using RetroVue.App.Common;
using RetroVue.App.Library;
using RetroVue.Domain.Library;

namespace RetroVue.Web.Admin.Pages.Library;

public sealed class TitlesModel(LibraryBrowser browser) : AdminPageModel
{
    public const int PageSize = 50;

    public string? Search { get; private set; }
    public string? Kind { get; private set; }
    public TitlePage Listing { get; private set; } = new([], 0, 0);

    public async Task<IActionResult> OnGetAsync(string? search, string? kind, int offset, CancellationToken cancellationToken) =>
        await ChangeAsync(async () =>
        {
            Search = search?.Trim();
            Kind = kind;
            TitleKind? wanted = string.IsNullOrEmpty(kind) ? null
                : Enum.TryParse<TitleKind>(kind, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
                : throw new UserFacingException($"'{kind}' is not a kind; use show or movie.");
            Listing = await browser.TitlesAsync(Search, wanted, offset, PageSize, cancellationToken);
            return Page();
        });

    public string Link(int offset) =>
        $"/admin/library/titles?search={Uri.EscapeDataString(Search ?? string.Empty)}&kind={Uri.EscapeDataString(Kind ?? string.Empty)}&offset={offset}";
}
