using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.App.Security;
using RetroVue.Web.Admin.Security;

namespace RetroVue.Tests.Admin;

/// <summary>Hangfire's dashboard at /admin/jobs: behind the admin sign-in, read-only for API keys, linked from the dashboard.</summary>
public sealed class JobsDashboardTests(AdminHostFixture fixture) : IClassFixture<AdminHostFixture>
{
    private static readonly FormUrlEncodedContent TriggerTimelines = new([new("jobs[]", "retrovue:extend-timelines")]);

    private AdminHost Host => fixture.Host;

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_the_sign_in_page()
    {
        var anonymous = Host.NewBrowser();

        var page = await anonymous.GetAsync("/admin/jobs");
        var recurring = await anonymous.GetAsync("/admin/jobs/recurring");
        var stats = await anonymous.PostAsync("/admin/jobs/stats", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/admin/login", page.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Redirect, recurring.StatusCode);
        Assert.Equal("/admin/login", recurring.Headers.Location!.AbsolutePath);
        Assert.NotEqual(HttpStatusCode.OK, stats.StatusCode);
    }

    [Fact]
    public async Task The_signed_in_admin_sees_the_dashboard_with_its_commands_under_the_strict_csp()
    {
        var admin = await Host.SignedInBrowserAsync();

        var page = await admin.GetAsync("/admin/jobs");
        var recurring = await admin.GetAsync("/admin/jobs/recurring");
        var html = await recurring.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("RetroVue background jobs", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, recurring.StatusCode);
        Assert.Contains("retrovue:extend-timelines", html);
        Assert.Contains("/admin/jobs/recurring/trigger", html);
        Assert.Contains("<meta name=\"csrf-header\" content=\"X-CSRF-Token\">", html);

        // A command without the page's antiforgery token is refused; with it, it goes through.
        var forged = await admin.PostAsync("/admin/jobs/recurring/trigger", TriggerTimelines);
        var token = System.Text.RegularExpressions.Regex.Match(html, "<meta name=\"csrf-token\" content=\"([^\"]+)\">").Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/jobs/recurring/trigger") { Content = new FormUrlEncodedContent([new("jobs[]", "retrovue:extend-timelines")]) };
        request.Headers.Add(AdminAuthentication.AntiforgeryHeader, token);
        var triggered = await admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, triggered.StatusCode);
    }

    [Fact]
    public async Task A_script_with_an_API_key_reads_the_dashboard_but_cannot_change_a_job()
    {
        var key = await Host.Services.GetRequiredService<ApiKeyService>().CreateAsync("jobs-reader", CancellationToken.None);
        var script = Host.NewBrowser();
        script.DefaultRequestHeaders.Add(AdminAuthentication.ApiKeyHeader, key.Secret);
        var wrongKey = Host.NewBrowser();
        wrongKey.DefaultRequestHeaders.Add(AdminAuthentication.ApiKeyHeader, "rvk_not-a-key");

        var recurring = await script.GetAsync("/admin/jobs/recurring");
        var html = await recurring.Content.ReadAsStringAsync();
        var trigger = await script.PostAsync("/admin/jobs/recurring/trigger", TriggerTimelines);
        var refused = await wrongKey.GetAsync("/admin/jobs");

        Assert.Equal(HttpStatusCode.OK, recurring.StatusCode);
        Assert.Contains("retrovue:extend-timelines", html);
        Assert.DoesNotContain("/admin/jobs/recurring/trigger", html);
        Assert.Equal(HttpStatusCode.Forbidden, trigger.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task The_dashboards_background_jobs_card_links_to_the_job_dashboard_and_lists_the_recurring_jobs()
    {
        var admin = await Host.SignedInBrowserAsync();

        var html = await admin.GetStringAsync("/admin");

        Assert.Contains("href=\"/admin/jobs\"", html);
        Assert.Contains("Extend every channel&#x27;s timeline", html);
        Assert.Contains("job server", html);
    }
}
