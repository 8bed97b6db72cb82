using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.App.Security;
using RetroVue.Tests.Telemetry;
using RetroVue.Web.Admin.Security;

namespace RetroVue.Tests.Admin;

public sealed class SecurityTests(AdminHostFixture fixture) : IClassFixture<AdminHostFixture>
{
    private AdminHost Host => fixture.Host;

    [Fact]
    public async Task Every_API_mutation_is_rejected_without_an_API_key_or_sign_in()
    {
        var mutations = Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m, e.RoutePattern.RawText!)))
            .Where(e => e.Method is "POST" or "PUT" or "DELETE" or "PATCH")
            .ToList();
        Assert.True(mutations.Count >= 8, $"expected the API's mutations, found {mutations.Count}");

        var anonymous = Host.NewBrowser();
        foreach (var (method, pattern) in mutations)
        {
            var path = pattern.Replace("{name}", "cartoons", StringComparison.Ordinal).Replace("{id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal);
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { name = "x", path = "/tmp" }) };
            var response = await anonymous.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)response.StatusCode} without credentials");
        }

        using var wrongKey = new HttpRequestMessage(HttpMethod.Post, "/api/sources/filesystem") { Content = JsonContent.Create(new { name = "x", path = "/tmp" }) };
        wrongKey.Headers.Add("X-Api-Key", "rvk_not-a-key-anyone-made");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(wrongKey)).StatusCode);
    }

    [Fact]
    public async Task Every_API_route_requires_the_API_policy_and_refuses_an_anonymous_caller()
    {
        var routes = Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Pattern: "/" + (e.RoutePattern.RawText ?? string.Empty).TrimStart('/')))
            .Where(e => e.Pattern.Equals("/api", StringComparison.OrdinalIgnoreCase) || e.Pattern.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
            .ToList();
        Assert.Contains(routes, r => r.Pattern == "/api/sessions");
        Assert.Contains(routes, r => r.Pattern == "/api/channels/{number}/now");

        var unguarded = routes
            .Where(r => r.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
                || !r.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == AdminAuthentication.ApiPolicy))
            .Select(r => r.Pattern)
            .ToList();
        Assert.True(unguarded.Count == 0, $"API routes without the API policy: {string.Join(", ", unguarded)}");

        var anonymous = Host.NewBrowser();
        foreach (var (endpoint, pattern) in routes)
        {
            var path = pattern
                .Replace("{name}", "cartoons", StringComparison.Ordinal)
                .Replace("{number}", "1", StringComparison.Ordinal)
                .Replace("{id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal);
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                var response = await anonymous.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)response.StatusCode} without credentials");
            }
        }
    }

    [Fact]
    public async Task Sessions_and_now_playing_answer_the_signed_in_admin_and_an_API_key()
    {
        var browser = await Host.SignedInBrowserAsync();
        var script = Host.NewBrowser();
        script.DefaultRequestHeaders.Add(AdminAuthentication.ApiKeyHeader, (await Host.Services.GetRequiredService<ApiKeyService>().CreateAsync("monitor", CancellationToken.None)).Secret);

        foreach (var caller in new[] { browser, script })
        {
            var sessions = await caller.GetAsync("/api/sessions");
            Assert.Equal(HttpStatusCode.OK, sessions.StatusCode);
            Assert.Equal(JsonValueKind.Array, (await sessions.Content.ReadFromJsonAsync<JsonElement>()).ValueKind);

            // No channel 77 exists: the route ran (404 problem), past the sign-in check.
            var now = await caller.GetAsync("/api/channels/77/now");
            Assert.Equal(HttpStatusCode.NotFound, now.StatusCode);
            Assert.Contains("no channel 77", await now.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Metrics_are_open_until_the_operator_requires_the_IPTV_token_and_then_need_it()
    {
        var client = Host.NewBrowser();
        var access = Host.Services.GetRequiredService<IptvAccess>();
        var open = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal("text/plain", open.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, MetricsScrape.Sample(await open.Content.ReadAsStringAsync(), "retrovue_channel_sessions"));

        var settings = await access.SetTokenRequiredAsync(true, CancellationToken.None);
        try
        {
            foreach (var path in new[] { "/metrics", "/metrics/", "/METRICS", "/metrics?token=wrong" })
            {
                Assert.True((await client.GetAsync(path)).StatusCode == HttpStatusCode.Unauthorized, $"{path} was not refused");
            }

            var signedIn = await Host.SignedInBrowserAsync();
            Assert.Equal(HttpStatusCode.Unauthorized, (await signedIn.GetAsync("/metrics")).StatusCode);
            var withToken = await client.GetAsync($"/metrics?token={settings.Token}");
            Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
            Assert.Contains("retrovue_channel_sessions", await withToken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await access.SetTokenRequiredAsync(false, CancellationToken.None);
        }
    }

    [Theory]
    [InlineData("/admin/sources/add?kind=filesystem")]
    [InlineData("/admin/review?handler=Approve&id=7d4c2a55-55d3-4a77-8c55-6a1a1f0c1e01")]
    [InlineData("/admin/settings?handler=CreateKey")]
    [InlineData("/admin/settings?handler=Iptv")]
    [InlineData("/admin/logout")]
    public async Task Page_forms_sent_without_signing_in_go_to_the_sign_in_page_and_change_nothing(string path)
    {
        var response = await Host.NewBrowser().PostAsync(path, AdminHost.Form(null, ("name", "intruder"), ("path", "/tmp"), ("keyName", "intruder"), ("required", "true")));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/admin/login", response.Headers.Location?.ToString());
        var keys = await Host.Services.GetRequiredService<ApiKeyService>().ListAsync(CancellationToken.None);
        Assert.DoesNotContain(keys, k => k.Name == "intruder");
    }

    [Fact]
    public async Task A_signed_in_form_without_its_antiforgery_token_is_refused()
    {
        var browser = await Host.SignedInBrowserAsync();

        var withoutToken = await browser.PostAsync("/admin/settings?handler=CreateKey", AdminHost.Form(null, ("keyName", "forged")));
        var apiWithCookieOnly = await browser.PostAsJsonAsync("/api/review/bulk", new { ids = new[] { Guid.NewGuid() }, action = "approve" });

        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, apiWithCookieOnly.StatusCode);
        Assert.Contains("antiforgery", await apiWithCookieOnly.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var keys = await Host.Services.GetRequiredService<ApiKeyService>().ListAsync(CancellationToken.None);
        Assert.DoesNotContain(keys, k => k.Name == "forged");

        var token = await AdminHost.AntiforgeryTokenAsync(browser, "/admin/settings");
        var withToken = await browser.PostAsync("/admin/settings?handler=CreateKey", AdminHost.Form(token, ("keyName", "genuine")));
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        Assert.Contains("rvk_", await withToken.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Responses_carry_the_security_headers()
    {
        var response = await Host.NewBrowser().GetAsync("/admin/login");

        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Titles_and_file_names_with_markup_are_shown_escaped()
    {
        const string script = "<script>alert('x')</script>";
        const string image = "\"><img src=x onerror=alert(1)>";
        var source = await fixture.Seed.SourceAsync("xss");
        var title = await fixture.Seed.TitleAsync($"Evil {image} Show");
        var assets = await fixture.Seed.AssetsAsync(source, [$"{script}.mkv"], title.Id);
        await fixture.Seed.ReviewAsync(assets[0], details: $"odd name {script}");
        var browser = await Host.SignedInBrowserAsync();

        var pages = new Dictionary<string, string>
        {
            ["/admin/library?source=xss"] = "&lt;script&gt;",
            [$"/admin/library/assets/{assets[0].Id}"] = "&lt;script&gt;",
            ["/admin/review"] = "&lt;script&gt;",
            ["/admin/library/titles?search=evil"] = "&quot;&gt;&lt;img",
        };
        foreach (var (path, escaped) in pages)
        {
            var response = await browser.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(script, html, StringComparison.Ordinal);
            Assert.DoesNotContain(image, html, StringComparison.Ordinal);
            Assert.Contains(escaped, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Sign_in_attempts_are_rate_limited()
    {
        await using var host = await AdminHost.StartAsync(new Dictionary<string, string> { ["Admin:LoginAttemptsPerMinute"] = "3" });
        await host.SetUpAdminAsync();
        var browser = host.NewBrowser();
        var token = await AdminHost.AntiforgeryTokenAsync(browser, "/admin/login");

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            statuses.Add((await browser.PostAsync("/admin/login", AdminHost.Form(token, ("userName", AdminHost.UserName), ("password", "wrong password")))).StatusCode);
        }

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/login")).StatusCode);
    }

    [Fact]
    public async Task IPTV_endpoints_are_open_until_the_operator_requires_a_token_and_then_need_it()
    {
        var client = Host.NewBrowser();
        var access = Host.Services.GetRequiredService<IptvAccess>();
        Assert.NotEqual(HttpStatusCode.Unauthorized, (await client.GetAsync("/iptv/channels.m3u")).StatusCode);

        var settings = await access.SetTokenRequiredAsync(true, CancellationToken.None);
        try
        {
            foreach (var path in new[] { "/iptv/channels.m3u", "/iptv/channel/1.ts", "/discover.json", "/lineup.json", "/device.xml" })
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(path)).StatusCode);
                Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"{path}?token=wrong")).StatusCode);
                Assert.NotEqual(HttpStatusCode.Unauthorized, (await client.GetAsync($"{path}?token={settings.Token}")).StatusCode);
            }

            Assert.Equal($"http://tv/iptv/channel/1.ts?token={settings.Token}", await access.AppendTokenAsync("http://tv/iptv/channel/1.ts", CancellationToken.None));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        }
        finally
        {
            await access.SetTokenRequiredAsync(false, CancellationToken.None);
        }
    }
}
