using System.Net;

namespace RetroVue.Tests.Admin;

/// <summary>The admin's Collections pages: count and preview a query, add, change, and remove, through the same service as the CLI and API.</summary>
public sealed class CollectionPageTests(ChannelAdminFixture fixture) : IClassFixture<ChannelAdminFixture>
{
    private AdminHost Host => fixture.Host;

    [Fact]
    public async Task Counting_a_typed_query_shows_its_matches_and_saves_nothing()
    {
        var browser = await Host.SignedInBrowserAsync();
        var token = await AdminHost.AntiforgeryTokenAsync(browser, "/admin/collections");

        var response = await browser.PostAsync("/admin/collections?handler=Test", AdminHost.Form(token, ("name", "page-preview"), ("query", "title = \"Cosmic Cartoons\"")));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<strong id=\"preview-count\">12</strong> playable item(s) match", html, StringComparison.Ordinal);
        Assert.Contains("S01E01", html, StringComparison.Ordinal);
        Assert.Contains("title = &quot;Cosmic Cartoons&quot;", html, StringComparison.Ordinal); // what was typed stays in the form
        Assert.DoesNotContain("/admin/collections/edit/page-preview", await browser.GetStringAsync("/admin/collections"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_with_a_syntax_error_is_shown_with_its_column_and_keeps_what_was_typed()
    {
        var browser = await Host.SignedInBrowserAsync();
        var token = await AdminHost.AntiforgeryTokenAsync(browser, "/admin/collections");

        var response = await browser.PostAsync("/admin/collections", AdminHost.Form(token, ("name", "broken"), ("query", "genre in and year 1980")));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("column 10", html, StringComparison.Ordinal);
        Assert.Contains("genre in and year 1980", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/admin/collections/edit/broken", await browser.GetStringAsync("/admin/collections"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_collection_is_added_changed_and_removed_from_its_page()
    {
        var browser = await Host.SignedInBrowserAsync();
        var token = await AdminHost.AntiforgeryTokenAsync(browser, "/admin/collections");

        var added = await browser.PostAsync("/admin/collections", AdminHost.Form(token, ("name", "Page-Cartoons"), ("query", "title = \"Cosmic Cartoons\""), ("description", "From the page")));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal("/admin/collections/edit/page-cartoons", added.Headers.Location?.ToString());
        var page = await browser.GetStringAsync("/admin/collections/edit/page-cartoons");
        Assert.Contains("Added collection &#x27;page-cartoons&#x27;", page, StringComparison.Ordinal);
        Assert.Contains("<strong id=\"preview-count\">12</strong>", page, StringComparison.Ordinal);
        Assert.Contains("No schedule takes it yet.", page, StringComparison.Ordinal);

        var editToken = await AdminHost.AntiforgeryTokenAsync(browser, "/admin/collections/edit/page-cartoons");
        var changed = await browser.PostAsync("/admin/collections/edit/page-cartoons", AdminHost.Form(editToken, ("query", "title = \"Cosmic Cartoons\" and length > 1h"), ("description", "")));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var after = await browser.GetStringAsync("/admin/collections/edit/page-cartoons");
        Assert.Contains("<strong id=\"preview-count\">0</strong>", after, StringComparison.Ordinal);
        Assert.Contains("length &gt; 1h", after, StringComparison.Ordinal);

        var removed = await browser.PostAsync("/admin/collections/edit/page-cartoons?handler=Remove", AdminHost.Form(editToken));
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/admin/collections/edit/page-cartoons")).StatusCode);
    }

    [Fact]
    public async Task Collection_forms_sent_without_signing_in_change_nothing()
    {
        var anonymous = Host.NewBrowser();

        var response = await anonymous.PostAsync("/admin/collections", AdminHost.Form(null, ("name", "anonymous"), ("query", "kind movie")));

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Redirect == response.StatusCode ? "/admin/collections/edit/anonymous" : null, response.Headers.Location?.ToString());
        var api = await fixture.ScriptAsync();
        Assert.DoesNotContain("anonymous", await api.GetStringAsync("/api/collections"), StringComparison.Ordinal);
    }
}
