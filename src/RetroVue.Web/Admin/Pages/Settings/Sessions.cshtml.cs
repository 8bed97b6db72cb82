using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using RetroVue.App.Common;
using RetroVue.App.Security;
using RetroVue.Web.Admin.Security;

namespace RetroVue.Web.Admin.Pages.Settings;

/// <summary>The actions of the "Sign-in and sessions" card; shown on its own only to report an error.</summary>
public sealed class SessionsModel(AdminSessionService sessions, AccountService accounts, SignInThrottle throttle) : AdminPageModel
{
    public void OnGet()
    {
    }

    public Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(async () =>
        {
            await sessions.RevokeAsync(SignedInUser(), id, cancellationToken);
            if (id == AdminSessionTicketStore.CurrentSessionId(User))
            {
                return await SignedOutAsync();
            }

            Message = "Revoked the session; that browser is signed out.";
            return Redirect("/admin/settings#sessions");
        });

    public Task<IActionResult> OnPostSignOutEverywhereAsync(CancellationToken cancellationToken) =>
        ChangeAsync(async () =>
        {
            await sessions.RevokeAllAsync(SignedInUser(), keep: null, cancellationToken);
            return await SignedOutAsync();
        });

    public Task<IActionResult> OnPostChangePasswordAsync(string? currentPassword, string? newPassword, string? confirmation, CancellationToken cancellationToken) =>
        ChangeAsync(async () =>
        {
            var current = AdminSessionTicketStore.CurrentSessionId(User)
                ?? throw new UserFacingException("Sign in with the password to change it.");

            // The current password is a password guess like a sign-in: a stolen session must not make it a free one.
            var client = HttpContext.Connection.RemoteIpAddress;
            var userName = User.Identity?.Name ?? string.Empty;
            var verdict = throttle.TryBegin(client, userName);
            if (!verdict.Allowed)
            {
                throw new UserFacingException($"Too many wrong passwords; try again in {(int)Math.Ceiling(verdict.RetryAfter.TotalSeconds)} seconds.");
            }

            await accounts.ChangePasswordAsync(SignedInUser(), current, currentPassword, newPassword, confirmation, cancellationToken);
            throttle.Succeeded(client, userName);
            Message = "Changed the password; every other browser is signed out.";
            return Redirect("/admin/settings#sessions");
        });

    private Guid SignedInUser() =>
        AdminSessionTicketStore.CurrentUserId(User) ?? throw new UserFacingException("Sessions belong to a signed-in browser, not to an API key.");

    private async Task<IActionResult> SignedOutAsync()
    {
        await HttpContext.SignOutAsync(AdminAuthentication.CookieScheme);
        return Redirect("/admin/login");
    }
}
