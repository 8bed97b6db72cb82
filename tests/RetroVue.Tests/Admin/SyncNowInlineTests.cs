using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.Adapters.Sync;
using RetroVue.App.Security;

namespace RetroVue.Tests.Admin;

/// <summary>"Sync now" on a server whose scheduler is off (Sync:Enabled=false): the sync runs in the server process.</summary>
public sealed class SyncNowInlineTests
{
    [Fact]
    public async Task Without_a_running_scheduler_sync_now_runs_the_sync_in_the_background_and_records_it()
    {
        await using var host = await AdminHost.StartAsync(new Dictionary<string, string> { ["Sync:Enabled"] = "false" });
        await host.SetUpAdminAsync();
        var key = await host.Services.GetRequiredService<ApiKeyService>().CreateAsync("inline", CancellationToken.None);
        var api = host.NewBrowser();
        api.DefaultRequestHeaders.Add("X-Api-Key", key.Secret);
        var folder = Directory.CreateTempSubdirectory("rv-inline-").FullName;
        await api.PostAsJsonAsync("/api/sources/filesystem", new { name = "inline", path = folder });

        var started = await api.PostAsync("/api/sources/inline/sync?full=true", null);

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal("inline", (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("how").GetString());
        JsonElement run = default;
        for (var i = 0; i < 300 && run.ValueKind == JsonValueKind.Undefined; i++)
        {
            var page = await api.GetFromJsonAsync<JsonElement>("/api/sync-runs?source=inline");
            var finished = page.GetProperty("items").EnumerateArray().Where(r => r.GetProperty("run").GetProperty("outcome").GetString() != "running").ToList();
            if (finished.Count > 0)
            {
                run = finished[0].GetProperty("run");
            }
            else
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal("succeeded", run.GetProperty("outcome").GetString());
        Assert.Equal("full", run.GetProperty("mode").GetString());
        Assert.Equal("manual", run.GetProperty("trigger").GetString());
    }

    [Fact]
    public async Task The_inline_runner_can_be_stopped_after_the_container_disposed_it()
    {
        // RunAsync's own shutdown can dispose the container before the factory's StopAsync reaches the runner.
        await using var host = await AdminHost.StartAsync(new Dictionary<string, string> { ["Sync:Enabled"] = "false" });
        var runner = host.Services.GetRequiredService<InlineSyncRunner>();

        runner.Dispose();
        await runner.StopAsync(CancellationToken.None);

        Assert.False(runner.TryStart("anything", full: false));
    }
}
