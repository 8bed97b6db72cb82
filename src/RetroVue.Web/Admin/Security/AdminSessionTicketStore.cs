using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using RetroVue.App.Security;

namespace RetroVue.Web.Admin.Security;

/// <summary>
/// The admin cookie's store: the cookie carries only a session's random secret, and every request rebuilds
/// the signed-in user from the session row in PostgreSQL. A store rather than a check of a self-contained
/// ticket, because then nothing in the cookie can outlive the row: sign-out, a password change or a
/// revoke button ends the session for every copy of the cookie at once, and no claim (user name, expiry)
/// is trusted from the browser.
/// </summary>
public sealed class AdminSessionTicketStore(AdminSessionService sessions) : ITicketStore
{
    /// <summary>The claim naming the session row, so that pages can tell "this session" in the list.</summary>
    public const string SessionIdClaim = "retrovue:session";

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StartAsync(ticket, null, CancellationToken.None);

    public Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken) =>
        StartAsync(ticket, httpContext, cancellationToken);

    /// <summary>Called only when the handler refreshes a ticket; the row's "last seen" already keeps the session alive.</summary>
    public Task RenewAsync(string key, AuthenticationTicket ticket) => sessions.FindActiveAsync(key, CancellationToken.None);

    public Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken) =>
        sessions.FindActiveAsync(key, cancellationToken);

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken) =>
        RetrieveAsync(key, cancellationToken);

    public Task RemoveAsync(string key) => sessions.EndAsync(key, CancellationToken.None);

    public Task RemoveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken) => sessions.EndAsync(key, cancellationToken);

    /// <summary>The session of the signed-in request, or null (an API key, or nobody).</summary>
    public static Guid? CurrentSessionId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(SessionIdClaim), CultureInfo.InvariantCulture, out var id) ? id : null;

    public static Guid? CurrentUserId(ClaimsPrincipal user) =>
        user.HasClaim(c => c.Type == SessionIdClaim) && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), CultureInfo.InvariantCulture, out var id) ? id : null;

    private async Task<string> StartAsync(AuthenticationTicket ticket, HttpContext? httpContext, CancellationToken cancellationToken)
    {
        var userId = Guid.Parse(ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier)!, CultureInfo.InvariantCulture);
        var address = httpContext?.Connection.RemoteIpAddress;
        if (address is { IsIPv4MappedToIPv6: true })
        {
            address = address.MapToIPv4();
        }

        var started = await sessions.StartAsync(userId, httpContext?.Request.Headers.UserAgent.ToString(), address?.ToString(), cancellationToken);
        return started.Secret;
    }

    private async Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken)
    {
        var session = await sessions.FindActiveAsync(key, cancellationToken);
        if (session is null)
        {
            return null;
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, session.UserId.ToString()),
                new Claim(ClaimTypes.Name, session.UserName),
                new Claim(SessionIdClaim, session.SessionId.ToString()),
            ],
            AdminAuthentication.CookieScheme);

        // The row decides how long the session lives; the handler must not slide or re-issue anything itself.
        var properties = new AuthenticationProperties
        {
            IssuedUtc = session.LastSeenAt,
            ExpiresUtc = session.LastSeenAt + AdminSessionService.IdleTimeout,
            AllowRefresh = false,
            IsPersistent = false,
        };
        return new AuthenticationTicket(new ClaimsPrincipal(identity), properties, AdminAuthentication.CookieScheme);
    }

    /// <summary>Puts the store into the admin cookie's options.</summary>
    public static void UseFor(IServiceCollection services) =>
        services.AddOptions<CookieAuthenticationOptions>(AdminAuthentication.CookieScheme)
            .Configure<AdminSessionTicketStore>((options, store) => options.SessionStore = store);
}
