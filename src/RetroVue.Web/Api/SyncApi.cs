using RetroVue.Adapters.Sources;
using RetroVue.Adapters.Sync;
using RetroVue.App.Sources;

namespace RetroVue.Web.Api;

/// <summary>/api/sync-runs, /api/sources/{name}/sync and /api/sources/{name}/test: the sync history, "sync now" and "test connection".</summary>
public static class SyncApi
{
    public static void MapSync(RouteGroupBuilder api)
    {
        api.MapGet("/sync-runs", async (string? source, int? offset, int? limit, SyncRunQueries runs, CancellationToken ct) =>
            {
                var page = await runs.PageAsync(source, offset ?? 0, limit ?? ApiEndpoints.DefaultPageSize, ct);
                return new Page<SyncRunRow>(page.Items, page.Total, Offset: page.Offset);
            })
            .WithTags("Sources")
            .WithSummary("Syncs of every source (or ?source=name), newest first, paged with offset/limit (limit at most 200).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/sources/{name}/sync", async (string name, bool? full, SyncNow syncNow, CancellationToken ct) =>
            {
                var launch = await syncNow.StartAsync(name, full ?? false, ct);
                return TypedResults.Accepted($"/api/sync-runs?source={Uri.EscapeDataString(launch.Source)}", launch);
            })
            .WithTags("Sources")
            .WithSummary("Sync the source now (a delta unless a full reconcile is due, or ?full=true). 202: follow it in /api/sync-runs.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        // A POST although it changes nothing: it makes this server contact another one, so it is a deliberate act.
        api.MapPost("/sources/{name}/test", (string name, SourceConnectionTester tester, CancellationToken ct) => tester.TestAsync(name, ct))
            .WithTags("Sources")
            .WithSummary("Test the connection: a Plex server's identity, token, libraries and sample file mapping (never the token), or a folder's existence and entries.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
