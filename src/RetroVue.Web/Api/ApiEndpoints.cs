using Microsoft.AspNetCore.Antiforgery;
using RetroVue.App.Common;
using RetroVue.App.Library;
using RetroVue.App.Review;
using RetroVue.App.Sources;
using RetroVue.Domain.Library;
using RetroVue.Domain.Review;
using RetroVue.Web.Admin.Security;
using RetroVue.Web.Streaming;

namespace RetroVue.Web.Api;

/// <summary>
/// The REST API under /api: the same App services the pages and the CLI use. Every call needs an API
/// key or the admin cookie; a cookie caller's changes also need the antiforgery header.
/// </summary>
public static class ApiEndpoints
{
    public const int DefaultPageSize = 50;

    public static IEndpointRouteBuilder MapRetroVueApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api")
            .RequireAuthorization(AdminAuthentication.ApiPolicy)
            .AddEndpointFilter(CookieChangesNeedAntiforgeryAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        MapSources(api.MapGroup("/sources").WithTags("Sources"));
        MapLibrary(api.MapGroup("/library").WithTags("Library"));
        MapReview(api.MapGroup("/review").WithTags("Review"));
        ChannelApi.MapChannels(api.MapGroup("/channels").WithTags("Channels"));
        CollectionApi.MapCollections(api.MapGroup("/collections").WithTags("Collections"));
        SyncApi.MapSync(api);
        api.MapSessions();
        return endpoints;
    }

    private static void MapSources(RouteGroupBuilder sources)
    {
        sources.MapGet("/", (SourceService service, CancellationToken ct) => service.ListAsync(ct))
            .WithSummary("All sources with file and review counts; secret settings are masked.");
        sources.MapGet("/{name}", (string name, SourceEditor editor, CancellationToken ct) => editor.GetAsync(name, ct))
            .WithSummary("One source as an edit form sees it (no secrets; 'version' detects concurrent edits).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        sources.MapPost("/filesystem", async (FilesystemSourceRequest body, SourceEditor editor, CancellationToken ct) =>
            {
                var added = await editor.AddFilesystemAsync(new FilesystemSourceInput(body.Name, body.Path, body.ContentKind), ct);
                return TypedResults.Created($"/api/sources/{Uri.EscapeDataString(added.Name)}", added);
            })
            .WithSummary("Add a folder of shows and/or movies.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        sources.MapPost("/plex", async (PlexSourceRequest body, SourceEditor editor, CancellationToken ct) =>
            {
                var added = await editor.AddPlexAsync(new PlexSourceInput(body.Name, body.Url, body.Token, body.Libraries, body.PathMappings ?? []), ct);
                return TypedResults.Created($"/api/sources/{Uri.EscapeDataString(added.Name)}", added);
            })
            .WithSummary("Add a Plex server (the token is stored, never returned).")
            .ProducesProblem(StatusCodes.Status409Conflict);
        foreach (var kind in (SourceKind[])[SourceKind.Jellyfin, SourceKind.Emby])
        {
            var route = kind.ToString().ToLowerInvariant();
            sources.MapPost("/" + route, async (MediaServerSourceRequest body, SourceEditor editor, CancellationToken ct) =>
                {
                    var added = await editor.AddMediaServerAsync(new MediaServerSourceInput(kind, body.Name, body.Url, body.ApiKey, body.Libraries, body.PathMappings ?? []), ct);
                    return TypedResults.Created($"/api/sources/{Uri.EscapeDataString(added.Name)}", added);
                })
                .WithSummary($"Add a {kind} server (the API key is stored, never returned; the server is not contacted).")
                .ProducesProblem(StatusCodes.Status409Conflict);
            sources.MapPut("/{name}/" + route, async (string name, MediaServerSourceUpdate body, SourceEditor editor, CancellationToken ct) =>
                {
                    await editor.UpdateMediaServerAsync(name, new MediaServerSourceInput(kind, name, body.Url, body.ApiKey, body.Libraries, body.PathMappings ?? []), body.Version, ct);
                    return TypedResults.Ok(await editor.GetAsync(name, ct));
                })
                .WithSummary($"Change a {kind} source; a blank API key keeps the stored one; 409 when it changed since 'version' was read.")
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
        }

        sources.MapPut("/{name}/filesystem", async (string name, FilesystemSourceUpdate body, SourceEditor editor, CancellationToken ct) =>
            {
                await editor.UpdateFilesystemAsync(name, new FilesystemSourceInput(name, body.Path, body.ContentKind), body.Version, ct);
                return TypedResults.Ok(await editor.GetAsync(name, ct));
            })
            .WithSummary("Change a filesystem source; 409 when it changed since 'version' was read.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        sources.MapPut("/{name}/plex", async (string name, PlexSourceUpdate body, SourceEditor editor, CancellationToken ct) =>
            {
                await editor.UpdatePlexAsync(name, new PlexSourceInput(name, body.Url, body.Token, body.Libraries, body.PathMappings ?? []), body.Version, ct);
                return TypedResults.Ok(await editor.GetAsync(name, ct));
            })
            .WithSummary("Change a Plex source; 409 when it changed since 'version' was read.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        sources.MapDelete("/{name}", async (string name, bool? force, SourceService service, CancellationToken ct) =>
            {
                var removal = await service.RemoveAsync(name, force ?? false, ct);
                return TypedResults.Ok(removal);
            })
            .WithSummary("Remove a source; one with files in the catalog only with ?force=true. Returns what went and the channels rebuilt.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static void MapLibrary(RouteGroupBuilder library)
    {
        library.MapGet("/stats", (LibraryBrowser browser, CancellationToken ct) => browser.StatsAsync(ct))
            .WithSummary("Counts of titles, episodes and files by state.");
        library.MapGet("/titles", async (string? search, string? kind, string? genre, string? tag, string? studio, int? offset, int? limit, LibraryBrowser browser, CancellationToken ct) =>
            {
                var label = TitleLabelFilter.From(genre, tag, studio);
                var page = await browser.TitlesAsync(search, ParseTitleKind(kind), offset ?? 0, limit ?? DefaultPageSize, ct, label);
                return new Page<TitleView>(page.Items, page.Total, Offset: page.Offset);
            })
            .WithSummary("Titles by name, with their genres, tags and studios; filter by one genre, tag or studio; paged with offset/limit (limit at most 200).");
        library.MapGet("/labels", (string? kind, int? limit, LibraryBrowser browser, CancellationToken ct) =>
                browser.LabelsAsync(TitleLabelFilter.ParseKind(kind), limit ?? LibraryBrowser.MaxPageSize, ct))
            .WithSummary("The library's genres, tags and studios (or one kind: genre, tag, studio), each once with its number of titles, most used first; at most 'limit' (200) per kind.");
        library.MapGet("/assets", async (
                string? search,
                string? source,
                string? state,
                string? kind,
                bool? unlinked,
                bool? needsReview,
                bool? missing,
                Guid? after,
                Guid? before,
                int? limit,
                LibraryBrowser browser,
                CancellationToken ct) =>
            {
                var filter = new AssetFilter(search, source, ParseState(state), ParseTitleKind(kind), unlinked ?? false, needsReview ?? false, missing ?? false);
                var page = await browser.AssetsAsync(filter, after, before, limit ?? DefaultPageSize, ct);
                return new Page<AssetRow>(page.Items, page.Total, Next: page.Next, Previous: page.Previous);
            })
            .WithSummary("Files in path order, paged by cursor: pass 'next' as ?after= (or 'previous' as ?before=).");
        library.MapGet("/assets/{id:guid}", (Guid id, LibraryBrowser browser, CancellationToken ct) => browser.AssetAsync(id, ct))
            .WithSummary("A file with its probe facts, markers, provider ids and review history.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static void MapReview(RouteGroupBuilder review)
    {
        review.MapGet("/", async (string? status, string? reason, int? offset, int? limit, ReviewQueue queue, CancellationToken ct) =>
            {
                var page = await queue.PageAsync(ParseStatus(status), ParseReason(reason), offset ?? 0, limit ?? DefaultPageSize, ct);
                return new Page<ReviewItemView>(page.Items, page.Total, Offset: page.Offset);
            })
            .WithSummary("Review items (pending by default), oldest first, paged with offset/limit.");
        review.MapGet("/counts", (ReviewQueue queue, CancellationToken ct) => queue.CountsAsync(ct))
            .WithSummary("Pending items, in total and by reason.");
        review.MapPost("/{id:guid}/resolve", (Guid id, ResolveRequest body, ReviewService service, CancellationToken ct) =>
                service.ResolveAsync(id, Decision(body.Approve ? "approve" : "link", body.Title, body.Season, body.Episode, body.Note), ct))
            .WithSummary("Link the file to a title (and episode), or approve it as is.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        review.MapPost("/{id:guid}/dismiss", (Guid id, DismissRequest body, ReviewService service, CancellationToken ct) =>
                service.DismissAsync(id, body.Reason, ct))
            .WithSummary("Dismiss the item: the problem is known and accepted.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        review.MapPost("/bulk", (BulkReviewRequest body, ReviewQueue queue, CancellationToken ct) =>
                string.Equals(body.Action, "dismiss", StringComparison.OrdinalIgnoreCase)
                    ? queue.DismissAllAsync(body.Ids ?? [], body.Note, ct)
                    : queue.ResolveAllAsync(body.Ids ?? [], Decision(body.Action, body.Title, body.Season, body.Episode, body.Note), ct))
            .WithSummary("Approve, dismiss or link many items; each is settled on its own and failures are listed.");
    }

    public static ReviewDecision Decision(string? action, string? title, int? season, int? episode, string? note) =>
        action?.Trim().ToLowerInvariant() switch
        {
            "approve" => new ApproveAsIs(note),
            "link" when !string.IsNullOrWhiteSpace(title) => new LinkToTitle(title.Trim(), season, episode),
            "link" => throw new UserFacingException("Linking needs a title (its name or id)."),
            _ => throw new UserFacingException($"'{action}' is not an action; use approve, dismiss or link."),
        };

    private static async ValueTask<object?> CookieChangesNeedAntiforgeryAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var signedInWithCookie = http.User.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == AdminAuthentication.CookieScheme)
            && !http.User.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == AdminAuthentication.ApiKeyScheme);
        if (signedInWithCookie && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
        }

        return await next(context);
    }

    private static AssetState? ParseState(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : Enum.TryParse<AssetState>(value, ignoreCase: true, out var state) && Enum.IsDefined(state) ? state
        : throw new UserFacingException($"'{value}' is not a state; use new, enriching, ready or retired.");

    private static TitleKind? ParseTitleKind(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : Enum.TryParse<TitleKind>(value, ignoreCase: true, out var kind) && Enum.IsDefined(kind) ? kind
        : throw new UserFacingException($"'{value}' is not a kind; use show or movie.");

    private static ReviewStatus ParseStatus(string? value) =>
        string.IsNullOrWhiteSpace(value) ? ReviewStatus.Pending
        : Enum.TryParse<ReviewStatus>(value, ignoreCase: true, out var status) && Enum.IsDefined(status) ? status
        : throw new UserFacingException($"'{value}' is not a status; use pending, resolved or dismissed.");

    private static ReviewReason? ParseReason(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : ReviewReasonNames.TryParse(value, out var reason) ? reason
        : throw new UserFacingException($"'{value}' is not a reason; use one of: {string.Join(", ", Enum.GetValues<ReviewReason>().Select(ReviewReasonNames.ToName))}.");
}
