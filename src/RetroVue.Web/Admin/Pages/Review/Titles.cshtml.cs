using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RetroVue.App.Library;

namespace RetroVue.Web.Admin.Pages.Review;

/// <summary>
/// Title suggestions for the "link to title" fields, fetched by the review page's script while the operator types.
/// A plain page model, not an <see cref="AdminPageModel"/>: touching the one-time message store here would write (or
/// delete) its cookie, and a suggestion answered just after a form's redirect would wipe the message meant for the
/// page the redirect leads to.
/// </summary>
public sealed class TitleSuggestionsModel(LibraryQueries library) : PageModel
{
    public const int MaxQueryLength = 200;

    public async Task<IActionResult> OnGetAsync(string? q, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(q) || q.Length > MaxQueryLength)
        {
            return new JsonResult(Array.Empty<object>());
        }

        var titles = await library.TitlesAsync(q, 20, cancellationToken);
        return new JsonResult(titles.Select(t => new { id = t.Id, name = t.Name, year = t.Year, kind = t.Kind }));
    }
}
