using Microsoft.AspNetCore.Mvc;
using RetroVue.App.Common;
using RetroVue.App.Library;
using RetroVue.Domain.Library;

namespace RetroVue.Web.Admin.Pages.Library;

public sealed class TitlesModel(LibraryBrowser browser) : AdminPageModel
{
    public const int PageSize = 50;

    /// <summary>Labels shown per kind in the overview; the API lists more.</summary>
    public const int LabelsPerKind = 40;

    public string? Search { get; private set; }
    public string? Kind { get; private set; }
    public string? Genre { get; private set; }
    public string? Tag { get; private set; }
    public string? Studio { get; private set; }
    public TitleLabelFilter? Label { get; private set; }
    public TitlePage Listing { get; private set; } = new([], 0, 0);
    public IReadOnlyList<LabelCount> Labels { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? search, string? kind, string? genre, string? tag, string? studio, int offset, CancellationToken cancellationToken) =>
        await ChangeAsync(async () =>
        {
            Search = search?.Trim();
            Kind = kind;
            (Genre, Tag, Studio) = (Blank(genre), Blank(tag), Blank(studio));
            TitleKind? wanted = string.IsNullOrEmpty(kind) ? null
                : Enum.TryParse<TitleKind>(kind, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
                : throw new UserFacingException($"'{kind}' is not a kind; use show or movie.");
            Label = TitleLabelFilter.From(Genre, Tag, Studio);
            Listing = await browser.TitlesAsync(Search, wanted, offset, PageSize, cancellationToken, Label);
            Labels = await browser.LabelsAsync(null, LabelsPerKind, cancellationToken);
            return Page();
        });

    public string Link(int offset) =>
        $"/admin/library/titles?search={Uri.EscapeDataString(Search ?? string.Empty)}&kind={Uri.EscapeDataString(Kind ?? string.Empty)}{LabelQuery(Label)}&offset={offset}";

    /// <summary>The titles carrying one label (kind "genre", "tag" or "studio").</summary>
    public static string LabelLink(string kind, string name) =>
        $"/admin/library/titles?{kind}={Uri.EscapeDataString(name)}";

    private static string LabelQuery(TitleLabelFilter? label) =>
        label is null ? string.Empty : $"&{label.Kind.ToString().ToLowerInvariant()}={Uri.EscapeDataString(label.Name.Display)}";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
