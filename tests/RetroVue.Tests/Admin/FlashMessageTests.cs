using System.Net;

namespace RetroVue.Tests.Admin;

/// <summary>The one-time message a form leaves for the page it redirects to.</summary>
public sealed class FlashMessageTests
{
    [Fact]
    public async Task Title_suggestions_answer_the_signed_in_operator_only()
    {
        await using var host = await AdminHost.StartAsync();
        var browser = await host.SetUpAdminAsync();

        var signedIn = await browser.GetAsync("/admin/review/titles?q=nothing-matches-this");
        var anonymous = await host.NewBrowser().GetAsync("/admin/review/titles?q=x");

        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal("[]", await signedIn.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/admin/login", anonymous.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Background_requests_between_a_forms_redirect_and_its_page_do_not_use_up_the_message()
    {
        await using var host = await AdminHost.StartAsync();
        var browser = await host.SetUpAdminAsync();
        var token = await AdminHost.AntiforgeryTokenAsync(browser, "/admin/settings");

        var posted = await browser.PostAsync("/admin/settings?handler=Iptv", AdminHost.Form(token, ("required", "false")));
        // What the page's scripts may fetch meanwhile: title suggestions and the dashboard's sources card.
        var suggestions = await browser.GetAsync("/admin/review/titles?q=anything");
        var sources = await browser.GetAsync("/admin/status/sources");
        var page = await browser.GetStringAsync(posted.Headers.Location!.ToString());

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, suggestions.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sources.StatusCode);
        // A background answer that set or deleted the message cookie could wipe a message set by a form posted
        // while it was on its way, whatever the order the browser applies them in.
        Assert.Contains(Cookies(posted), c => c.StartsWith(".AspNetCore.Mvc.CookieTempDataProvider=", StringComparison.Ordinal));
        Assert.Empty(Cookies(suggestions));
        Assert.Empty(Cookies(sources));
        Assert.Contains("IPTV is open on the network again.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("IPTV is open on the network again.", await browser.GetStringAsync("/admin/settings"), StringComparison.Ordinal);
    }

    private static IEnumerable<string> Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [];
}
