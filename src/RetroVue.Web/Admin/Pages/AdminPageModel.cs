using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RetroVue.App.Common;

namespace RetroVue.Web.Admin.Pages;

/// <summary>What every admin page shares: a one-time message after a redirect, and operator errors shown inline.</summary>
public abstract class AdminPageModel : PageModel
{
    [TempData]
    public string? Message { get; set; }

    public string? Error { get; protected set; }

    /// <summary>
    /// Runs a change; on an operator error, shows it on the re-rendered page with the matching status
    /// (400 bad input, 404 unknown, 409 conflict or stale form), so that nothing typed is lost.
    /// </summary>
    protected async Task<IActionResult> ChangeAsync(Func<Task<IActionResult>> change, Func<Task>? reload = null)
    {
        try
        {
            return await change();
        }
        catch (UserFacingException e)
        {
            Error = SecretRedactor.Redact(e.Message);
            Response.StatusCode = e switch
            {
                NotFoundException => StatusCodes.Status404NotFound,
                ConflictException => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status400BadRequest,
            };
            if (reload is not null)
            {
                await reload();
            }

            return Page();
        }
    }
}
