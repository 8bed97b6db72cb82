using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using RetroVue.Web.Admin.Security;

namespace RetroVue.Web.Admin.Pages;

/// <summary>Signing out is a POST with an antiforgery token; a GET only leads back.</summary>
public sealed class LogoutModel : AdminPageModel
{
    public IActionResult OnGet() => Redirect("/admin");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(AdminAuthentication.CookieScheme);
        return Redirect("/admin/login");
    }
}
