using Microsoft.AspNetCore.Mvc;
using RetroVue.App.Security;

namespace RetroVue.Web.Admin.Pages;

public sealed class LoginModel(AccountService accounts) : AdminPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await accounts.SignInAsync(UserName, Password, cancellationToken);
        if (user is null)
        {
            Error = "The user name or password is wrong.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await AdminSignIn.AsAsync(HttpContext, user);

        // Only a path on this server: an absolute URL here would send the operator elsewhere after signing in.
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) && ReturnUrl!.StartsWith("/admin", StringComparison.Ordinal) ? ReturnUrl : "/admin");
    }
}
