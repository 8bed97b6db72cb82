using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using RetroVue.App.Security;
using RetroVue.Web.Admin.Security;

namespace RetroVue.Web.Admin.Pages;

internal static class AdminSignIn
{
    public static Task AsAsync(HttpContext context, SignedInUser user)
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()), new Claim(ClaimTypes.Name, user.UserName)],
            AdminAuthentication.CookieScheme);
        return context.SignInAsync(AdminAuthentication.CookieScheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
    }
}
