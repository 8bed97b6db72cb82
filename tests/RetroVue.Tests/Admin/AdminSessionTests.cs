using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.App.Security;

namespace RetroVue.Tests.Admin;

/// <summary>Admin sessions live in PostgreSQL: ending one ends every copy of its cookie at once.</summary>
public sealed partial class AdminSessionTests(AdminHostFixture fixture) : IClassFixture<AdminHostFixture>
{
    [Fact]
    public async Task A_cookie_copied_before_sign_out_is_refused_after_it()
    {
        var (browser, cookies) = await SignInAsync(fixture.Host, "Firefox on the laptop");
        var thief = CopyOf(fixture.Host, cookies);
        Assert.Equal(HttpStatusCode.OK, (await thief.GetAsync("/admin")).StatusCode);

        var token = await AdminHost.AntiforgeryTokenAsync(browser, "/admin");
        var signOut = await browser.PostAsync("/admin/logout", AdminHost.Form(token));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        var page = await thief.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/admin/login", page.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await thief.GetAsync("/api/sessions")).StatusCode);
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_every_session_this_one_included()
    {
        var (laptop, _) = await SignInAsync(fixture.Host, "Firefox on the laptop");
        var (phone, phoneCookies) = await SignInAsync(fixture.Host, "Safari on the phone");
        var phoneCopy = CopyOf(fixture.Host, phoneCookies);

        var token = await AdminHost.AntiforgeryTokenAsync(laptop, "/admin/settings/sessions");
        var everywhere = await laptop.PostAsync("/admin/settings/sessions?handler=SignOutEverywhere", AdminHost.Form(token));

        Assert.Equal(HttpStatusCode.Redirect, everywhere.StatusCode);
        Assert.Equal("/admin/login", everywhere.Headers.Location?.OriginalString);
        foreach (var browser in new[] { laptop, phone, phoneCopy })
        {
            Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/admin/settings")).StatusCode);
        }
    }

    [Fact]
    public async Task The_settings_page_lists_the_active_sessions_marks_this_one_and_revokes_another()
    {
        var (laptop, _) = await SignInAsync(fixture.Host, "Firefox on the laptop");
        var (phone, _) = await SignInAsync(fixture.Host, "Safari on the phone");

        var html = await laptop.GetStringAsync("/admin/settings");

        Assert.Contains("Sign-in and sessions", html, StringComparison.Ordinal);
        var laptopRow = Row(html, "Firefox on the laptop");
        var phoneRow = Row(html, "Safari on the phone");
        Assert.Contains("this session", laptopRow, StringComparison.Ordinal);
        Assert.DoesNotContain("this session", phoneRow, StringComparison.Ordinal);
        Assert.Matches(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", phoneRow);

        var phoneSession = SessionId().Match(phoneRow).Groups[1].Value;
        var token = await AdminHost.AntiforgeryTokenAsync(laptop, "/admin/settings/sessions");
        var revoked = await laptop.PostAsync($"/admin/settings/sessions?handler=Revoke&id={phoneSession}", AdminHost.Form(token));

        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/admin")).StatusCode);
        var after = await laptop.GetStringAsync("/admin/settings");
        Assert.DoesNotContain(phoneSession, after, StringComparison.Ordinal);
        Assert.Contains("Firefox_on_the_laptop", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_the_password_signs_out_every_other_session_and_keeps_this_one()
    {
        await using var host = await AdminHost.StartAsync();
        await host.SetUpAdminAsync();
        var (laptop, _) = await SignInAsync(host, "Firefox on the laptop");
        var (phone, phoneCookies) = await SignInAsync(host, "Safari on the phone");
        var phoneCopy = CopyOf(host, phoneCookies);
        const string newPassword = "a much better passphrase";

        var token = await AdminHost.AntiforgeryTokenAsync(laptop, "/admin/settings/sessions");
        var wrong = await laptop.PostAsync(
            "/admin/settings/sessions?handler=ChangePassword",
            AdminHost.Form(token, ("currentPassword", "not the password"), ("newPassword", newPassword), ("confirmation", newPassword)));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("The current password is wrong", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/admin")).StatusCode);

        var changed = await laptop.PostAsync(
            "/admin/settings/sessions?handler=ChangePassword",
            AdminHost.Form(token, ("currentPassword", AdminHost.Password), ("newPassword", newPassword), ("confirmation", newPassword)));

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phoneCopy.GetAsync("/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostSignInAsync(host.NewBrowser(), AdminHost.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostSignInAsync(host.NewBrowser(), newPassword)).StatusCode);
    }

    [Fact]
    public async Task Guessing_the_current_password_on_the_change_form_is_held_back_like_a_sign_in()
    {
        await using var host = await AdminHost.StartAsync(new Dictionary<string, string> { ["Admin:LoginAttemptsPerMinute"] = "3" });
        await host.SetUpAdminAsync();
        var (browser, _) = await SignInAsync(host, "Firefox on the laptop");
        var token = await AdminHost.AntiforgeryTokenAsync(browser, "/admin/settings/sessions");

        var answers = new List<string>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var response = await browser.PostAsync(
                "/admin/settings/sessions?handler=ChangePassword",
                AdminHost.Form(token, ("currentPassword", $"guess {attempt}"), ("newPassword", "a much better passphrase"), ("confirmation", "a much better passphrase")));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            answers.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.All(answers.Take(3), html => Assert.Contains("The current password is wrong", html, StringComparison.Ordinal));
        Assert.Contains("Too many wrong passwords", answers[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Last_seen_moves_at_most_once_a_minute_and_a_session_idle_for_twelve_hours_has_ended()
    {
        await using var host = await AdminHost.StartAsync();
        var clients = await ClientsOnAClock.StartAsync(host);
        var browser = clients.BrowserAt("203.0.113.5");
        Assert.Equal(HttpStatusCode.Redirect, (await ClientsOnAClock.SignInAsync(browser, AdminHost.Password)).StatusCode);
        var sessions = clients.Services.GetRequiredService<AdminSessionService>();
        var signedInAt = (await LaptopSessionAsync(host, sessions)).LastSeenAt;

        clients.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin")).StatusCode);
        Assert.Equal(signedInAt, (await LaptopSessionAsync(host, sessions)).LastSeenAt);

        clients.Clock.Advance(TimeSpan.FromSeconds(45));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin")).StatusCode);
        Assert.Equal(signedInAt + TimeSpan.FromSeconds(75), (await LaptopSessionAsync(host, sessions)).LastSeenAt);

        clients.Clock.Advance(TimeSpan.FromHours(12));
        var page = await browser.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/admin/login", page.Headers.Location?.ToString(), StringComparison.Ordinal);

        // Ended sessions are deleted 30 days on, when the account next signs in.
        Assert.Equal(2, await SessionRowsAsync(host));
        clients.Clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(HttpStatusCode.Redirect, (await ClientsOnAClock.SignInAsync(browser, AdminHost.Password)).StatusCode);
        Assert.Equal(1, await SessionRowsAsync(host));
    }

    private static async Task<long> SessionRowsAsync(AdminHost host)
    {
        await using var connection = new Npgsql.NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM admin_sessions", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The session signed in from 203.0.113.5 (the setup's own session comes from elsewhere).</summary>
    private static async Task<AdminSessionView> LaptopSessionAsync(AdminHost host, AdminSessionService sessions) =>
        Assert.Single(await sessions.ListActiveAsync(await AdminIdAsync(host), CancellationToken.None), s => s.ClientAddress == "203.0.113.5");

    private static async Task<Guid> AdminIdAsync(AdminHost host)
    {
        await using var connection = new Npgsql.NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT id FROM admin_users", connection);
        return (Guid)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A browser with its own user agent, signed in; its cookies are returned so a test can copy them.</summary>
    private static async Task<(HttpClient Browser, CookieContainer Cookies)> SignInAsync(AdminHost host, string userAgent)
    {
        var cookies = new CookieContainer();
        var browser = host.CreateDefaultClient(new CookieContainerHandler(cookies));
        browser.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent.Replace(' ', '_'));
        var response = await PostSignInAsync(browser, AdminHost.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (browser, cookies);
    }

    private static async Task<HttpResponseMessage> PostSignInAsync(HttpClient browser, string password)
    {
        var token = await AdminHost.AntiforgeryTokenAsync(browser, "/admin/login");
        return await browser.PostAsync("/admin/login", AdminHost.Form(token, ("userName", AdminHost.UserName), ("password", password)));
    }

    /// <summary>Another client sending a copy of the cookies taken now, as a thief would replay them.</summary>
    private static HttpClient CopyOf(AdminHost host, CookieContainer cookies)
    {
        var copy = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        copy.DefaultRequestHeaders.Add("Cookie", cookies.GetCookieHeader(new Uri("http://localhost/admin")));
        return copy;
    }

    /// <summary>The table row of the session whose user agent is <paramref name="userAgent"/>.</summary>
    private static string Row(string html, string userAgent)
    {
        var agent = userAgent.Replace(' ', '_');
        var rows = Regex.Matches(html, "<tr data-session=.*?</tr>", RegexOptions.Singleline).Select(m => m.Value).Where(r => r.Contains(agent, StringComparison.Ordinal)).ToList();
        return Assert.Single(rows);
    }

    [GeneratedRegex("data-session=\"([0-9a-f-]{36})\"")]
    private static partial Regex SessionId();
}
