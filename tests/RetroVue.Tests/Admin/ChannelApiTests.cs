using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.App.Security;

namespace RetroVue.Tests.Admin;

/// <summary>/api/channels, schedules, timelines, rebuilds, sync runs and sync now; and the playlist's IPTV token.</summary>
public sealed class ChannelApiTests(ChannelAdminFixture fixture) : IClassFixture<ChannelAdminFixture>
{
    private AdminHost Host => fixture.Host;

    [Fact]
    public async Task Every_channel_and_sync_mutation_is_rejected_without_credentials()
    {
        var anonymous = Host.NewBrowser();
        var before = await fixture.ChannelTablesAsync();
        (HttpMethod Method, string Path)[] mutations =
        [
            (HttpMethod.Post, "/api/channels"),
            (HttpMethod.Put, "/api/channels/60"),
            (HttpMethod.Delete, "/api/channels/60"),
            (HttpMethod.Put, "/api/channels/60/schedule"),
            (HttpMethod.Post, "/api/channels/60/preview"),
            (HttpMethod.Post, "/api/channels/60/rebuild"),
            (HttpMethod.Post, "/api/sources/media/sync"),
        ];

        foreach (var (method, path) in mutations)
        {
            using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(new { schedule = AdminSchedules.Cartoons("60"), name = "x" }) };
            var response = await anonymous.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)response.StatusCode} without credentials");
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/channels")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/sync-runs")).StatusCode);
        Assert.Equal(before, await fixture.ChannelTablesAsync());
    }

    [Fact]
    public async Task A_signed_in_browser_changing_a_channel_through_the_API_needs_the_antiforgery_header()
    {
        var browser = await Host.SignedInBrowserAsync();
        var before = await fixture.ChannelTablesAsync();

        var response = await browser.PostAsJsonAsync("/api/channels", new { schedule = AdminSchedules.Cartoons("61") });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("antiforgery", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await fixture.ChannelTablesAsync());
    }

    [Fact]
    public async Task A_script_creates_reads_edits_previews_rebuilds_and_removes_a_channel()
    {
        var api = await fixture.ScriptAsync();

        var created = await api.PostAsJsonAsync("/api/channels", new { schedule = AdminSchedules.Cartoons("62", name: "Api Toons") });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/channels/62", created.Headers.Location?.ToString());
        var published = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("created", published.GetProperty("channel").GetProperty("outcome").GetString(), ignoreCase: true);
        Assert.True(published.GetProperty("build").GetProperty("entriesWritten").GetInt32() > 0);

        var detail = await api.GetFromJsonAsync<JsonElement>("/api/channels/62");
        Assert.Equal("Api Toons", detail.GetProperty("settings").GetProperty("name").GetString());
        Assert.Equal("06:00", detail.GetProperty("settings").GetProperty("broadcastDayStart").GetString());
        var version = detail.GetProperty("version").GetString()!;

        var schedule = await api.GetAsync("/api/channels/62/schedule");
        Assert.Equal("application/yaml", schedule.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"\"{version}\"", schedule.Headers.ETag?.Tag);
        Assert.Contains("# The pools it plays from", await schedule.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var preview = await api.PostAsync("/api/channels/62/preview?hours=6", new StringContent(AdminSchedules.Cartoons("62", name: "Api Toons")));
        var previewed = await preview.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.True(previewed.GetProperty("programmes").GetArrayLength() > 0);

        var renamed = await Put(api, "/api/channels/62/schedule", AdminSchedules.Cartoons("62", name: "Api Toons Two"), version);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var stale = await Put(api, "/api/channels/62/schedule", AdminSchedules.Cartoons("62", name: "Too Late"), version);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("Api Toons Two", await fixture.StoredScheduleAsync("62"), StringComparison.Ordinal);

        var timeline = await api.GetFromJsonAsync<JsonElement>($"/api/channels/62/timeline?from={DateTime.UtcNow:yyyy-MM-ddTHH:mm}Z&to={DateTime.UtcNow.AddHours(3):yyyy-MM-ddTHH:mm}Z");
        Assert.True(timeline.GetProperty("programmes").GetArrayLength() > 0);
        Assert.Equal("Api Toons Two", timeline.GetProperty("name").GetString());

        var rebuilt = await api.PostAsync("/api/channels/62/rebuild", null);
        Assert.Equal(HttpStatusCode.OK, rebuilt.StatusCode);
        var reset = await api.PostAsync("/api/channels/62/rebuild?reset=true", null);
        Assert.Equal("built", (await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("action").GetString(), ignoreCase: true);

        var current = (await api.GetFromJsonAsync<JsonElement>("/api/channels/62")).GetProperty("version").GetString();
        var settings = await api.PutAsJsonAsync("/api/channels/62", new { number = "63", name = "Api Renumbered", timeZone = "America/New_York", gridMinutes = 30, enabled = true, version = current });
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        Assert.Equal("63", (await settings.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("settings").GetProperty("number").GetString());
        var list = await api.GetFromJsonAsync<JsonElement>("/api/channels");
        var listed = list.EnumerateArray().Single(c => c.GetProperty("channel").GetProperty("number").GetString() == "63");
        Assert.Equal("Api Renumbered", listed.GetProperty("channel").GetProperty("name").GetString());

        Assert.Equal(HttpStatusCode.OK, (await api.DeleteAsync("/api/channels/63")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/channels/63")).StatusCode);
    }

    [Fact]
    public async Task A_schedule_with_errors_gets_a_problem_listing_each_line_and_changes_nothing()
    {
        var api = await fixture.ScriptAsync();
        await api.PostAsJsonAsync("/api/channels", new { schedule = AdminSchedules.Cartoons("64") });
        var before = await fixture.ChannelTablesAsync();
        var broken = AdminSchedules.Cartoons("64").Replace("at: \"18:00\"", "at: \"18:10\"", StringComparison.Ordinal).Replace("kind: fill", "kind: filler", StringComparison.Ordinal);

        var response = await Put(api, "/api/channels/64/schedule", broken, null);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var syntax = await Put(api, "/api/channels/64/schedule", "channel: [unclosed\n", null);
        var notANumber = await api.GetAsync("/api/channels/two/timeline");
        var unknown = await api.PostAsync("/api/channels/999/rebuild", null);
        var badWindow = await api.GetAsync("/api/channels/64/timeline?from=2025-01-01T00:00Z&to=2024-12-31T00:00Z");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = problem.GetProperty("errors").EnumerateArray().ToList();
        var lines = broken.Split('\n').ToList();
        Assert.Contains(errors, e => e.GetProperty("line").GetInt32() == lines.FindIndex(l => l.Contains("18:10", StringComparison.Ordinal)) + 1);
        Assert.Contains(errors, e => e.GetProperty("message").GetString()!.Contains("filler", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, syntax.StatusCode);
        Assert.Contains("YAML syntax error", await syntax.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, notANumber.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badWindow.StatusCode);
        Assert.Equal(before, await fixture.ChannelTablesAsync());
    }

    [Fact]
    public async Task Creating_a_channel_whose_number_is_taken_is_refused_at_the_number_line()
    {
        var api = await fixture.ScriptAsync();
        await api.PostAsJsonAsync("/api/channels", new { schedule = AdminSchedules.Cartoons("65", name: "First") });

        var again = await api.PostAsJsonAsync("/api/channels", new { schedule = AdminSchedules.Cartoons("65", name: "Second") });
        var problem = await again.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(3, error.GetProperty("line").GetInt32());
        Assert.Contains("already used by 'First'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("First", await fixture.StoredScheduleAsync("65"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_now_queues_a_sync_that_shows_up_in_the_paged_sync_history()
    {
        var api = await fixture.ScriptAsync();
        var folder = Directory.CreateTempSubdirectory("rv-sync-now-").FullName;
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/sources/filesystem", new { name = "empty", path = folder })).StatusCode);

        var started = await api.PostAsync("/api/sources/empty/sync", null);
        var unknown = await api.PostAsync("/api/sources/nope/sync", null);

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal("scheduler", (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("how").GetString(), ignoreCase: true);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        JsonElement runs = default;
        for (var i = 0; i < 300; i++)
        {
            runs = await api.GetFromJsonAsync<JsonElement>("/api/sync-runs?source=empty&limit=5");
            if (runs.GetProperty("items").EnumerateArray().Any(r => r.GetProperty("run").GetProperty("outcome").GetString() != "running"))
            {
                break;
            }

            await Task.Delay(100);
        }

        var run = runs.GetProperty("items").EnumerateArray().First();
        Assert.Equal("empty", run.GetProperty("source").GetString());
        Assert.Equal("manual", run.GetProperty("run").GetProperty("trigger").GetString());
        Assert.Equal("succeeded", run.GetProperty("run").GetProperty("outcome").GetString());
        Assert.True(runs.GetProperty("total").GetInt32() >= 1);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/sync-runs?source=nope")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/sync-runs?limit=500")).StatusCode);
        var dashboard = await (await Host.SignedInBrowserAsync()).GetStringAsync("/admin/status/sources");
        Assert.DoesNotContain("<html", dashboard, StringComparison.Ordinal);
        Assert.Contains("succeeded", dashboard, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_token_protection_on_the_playlist_hands_out_the_guide_and_stream_urls_with_the_token()
    {
        var api = await fixture.ScriptAsync();
        await api.PostAsJsonAsync("/api/channels", new { schedule = AdminSchedules.Cartoons("66") });
        var access = Host.Services.GetRequiredService<IptvAccess>();
        var token = (await access.SetTokenRequiredAsync(true, CancellationToken.None)).Token!;
        try
        {
            var player = Host.NewBrowser();
            var refused = await player.GetAsync("/iptv/channels.m3u");
            var playlist = await player.GetStringAsync($"/iptv/channels.m3u?token={token}");

            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains($"url-tvg=\"http://localhost/iptv/xmltv.xml?token={token}\"", playlist, StringComparison.Ordinal);
            Assert.Contains($"\nhttp://localhost/iptv/channel/66.ts?token={token}\n", playlist, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await player.GetAsync($"/iptv/xmltv.xml?token={token}")).StatusCode);
        }
        finally
        {
            await access.SetTokenRequiredAsync(false, CancellationToken.None);
        }

        var open = await Host.NewBrowser().GetStringAsync("/iptv/channels.m3u");
        Assert.DoesNotContain("token=", open, StringComparison.Ordinal);
        Assert.Contains("\nhttp://localhost/iptv/channel/66.ts\n", open, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> Put(HttpClient api, string path, string yaml, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = new StringContent(yaml, Encoding.UTF8, "application/yaml") };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{ifMatch}\""));
        }

        return api.SendAsync(request);
    }
}
