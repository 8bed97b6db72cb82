using RetroVue.App.Collections;

namespace RetroVue.Web.Api;

public sealed record NewCollectionRequest(string? Name, string? Query, string? Description);

/// <param name="Query">The new query; left out keeps it.</param>
/// <param name="Description">The new description; left out keeps it, "" clears it.</param>
public sealed record CollectionUpdate(string? Query, string? Description);

public sealed record CollectionTestRequest(string? Query, int? Preview);

/// <summary>/api/collections: smart collections through the same service as the CLI (docs/collections.md).</summary>
public static class CollectionApi
{
    public static void MapCollections(RouteGroupBuilder collections)
    {
        collections.MapGet("/", (CollectionService service, CancellationToken ct) => service.ListAsync(ct))
            .WithSummary("All collections with their queries.");
        collections.MapGet("/{name}", (string name, int? preview, CollectionService service, CancellationToken ct) =>
                service.ShowAsync(name, preview ?? CollectionService.DefaultPreviewSize, ct))
            .WithSummary("One collection: its query, what it matches now (count and first items) and the channels using it.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        collections.MapPost("/", async (NewCollectionRequest body, CollectionService service, CancellationToken ct) =>
            {
                var added = await service.AddAsync(body.Name ?? string.Empty, body.Query ?? string.Empty, body.Description, ct);
                return TypedResults.Created($"/api/collections/{Uri.EscapeDataString(added.Name)}", added);
            })
            .WithSummary("Save a query under a name; a query that does not read is a 400 with its 'column'.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        collections.MapPut("/{name}", (string name, CollectionUpdate body, CollectionService service, CancellationToken ct) =>
                service.SetAsync(name, body.Query, body.Description, body.Description is not null, ct))
            .WithSummary("Change the query or description; channels using the collection rebuild their future at the next build.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        collections.MapDelete("/{name}", (string name, CollectionService service, CancellationToken ct) => service.RemoveAsync(name, ct))
            .WithSummary("Remove a collection; 409 naming the channels while a schedule uses it.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        collections.MapPost("/test", (CollectionTestRequest body, CollectionService service, CancellationToken ct) =>
                service.TestAsync(body.Query ?? string.Empty, body.Preview ?? CollectionService.DefaultPreviewSize, ct))
            .WithSummary("Count and preview what a query matches now, without saving it (what the admin's live count calls).");
    }
}
