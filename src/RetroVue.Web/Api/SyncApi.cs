using RetroVue.Adapters.Sync;
using RetroVue.App.Sources;

namespace RetroVue.Web.Api;

/// <summary>/api/sync-runs and /api/sources/{name}/sync: the sync history and "sync now".</summary>
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
    }
}
