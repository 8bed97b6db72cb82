using Microsoft.AspNetCore.Mvc;
using RetroVue.App.Security;
using RetroVue.Web.Admin.Security;

namespace RetroVue.Web.Admin.Pages.Settings;

/// <summary>What the "Sign-in and sessions" card shows.</summary>
public sealed record AdminSessionsCard(IReadOnlyList<AdminSessionView> Sessions, Guid? Current);

/// <summary>
/// The settings page's "Sign-in and sessions" card: the account's live sessions with revoke buttons,
/// "sign out everywhere" and the password change. Its forms post to the Settings/Sessions page, so the
/// settings page itself only places the card.
/// </summary>
public sealed class AdminSessionsViewComponent(AdminSessionService sessions) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var user = HttpContext.User;
        var list = AdminSessionTicketStore.CurrentUserId(user) is { } userId
            ? await sessions.ListActiveAsync(userId, HttpContext.RequestAborted)
            : [];
        return View(new AdminSessionsCard(list, AdminSessionTicketStore.CurrentSessionId(user)));
    }
}
