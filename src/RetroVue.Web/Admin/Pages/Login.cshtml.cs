using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using RetroVue.App.Security;
using RetroVue.Web.Admin.Security;

namespace RetroVue.Web.Admin.Pages;

/// <summary>
/// The sign-in form. The throttle is asked here, in the handler, so that every URL reaching it
/// (any case, a trailing slash, an encoded spelling) shares one budget per client and account.
/// </summary>
public sealed class LoginModel(AccountService accounts, SignInThrottle throttle) : AdminPageModel
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
        var client = HttpContext.Connection.RemoteIpAddress;
        var verdict = throttle.TryBegin(client, UserName);
        if (!verdict.Allowed)
        {
            var seconds = (int)Math.Ceiling(verdict.RetryAfter.TotalSeconds);
            Error = $"Too many failed sign-ins; try again in {Wait(seconds)}.";
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return Page();
        }

        var user = await accounts.SignInAsync(UserName, Password, cancellationToken);
        if (user is null)
        {
            Error = "The user name or password is wrong.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        throttle.Succeeded(client, user.UserName);
        await AdminSignIn.AsAsync(HttpContext, user);

        // Only a path on this server: an absolute URL here would send the operator elsewhere after signing in.
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) && ReturnUrl!.StartsWith("/admin", StringComparison.Ordinal) ? ReturnUrl : "/admin");
    }

    private static string Wait(int seconds) =>
        seconds < 120 ? $"{seconds} seconds" : $"{(int)Math.Ceiling(seconds / 60.0)} minutes";
}
