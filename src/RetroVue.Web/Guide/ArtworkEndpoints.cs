using Microsoft.Net.Http.Headers;
using RetroVue.Adapters.Artwork;
using RetroVue.App.Guide;

namespace RetroVue.Web.Guide;

public static class ArtworkEndpoints
{
    /// <summary>Guide clients fetch the same poster for every airing; a day is short enough for a new one to show soon.</summary>
    public const string CacheControl = "public, max-age=86400";

    /// <summary>
    /// GET /iptv/artwork/{title|episode}/{id}: the poster or still the guide's programme icons point at. Under /iptv/, so the
    /// IPTV access gate asks for the token when the operator requires one. 404 when there is no usable picture; 502 when
    /// its Plex server cannot give it.
    /// </summary>
    public static IEndpointRouteBuilder MapArtworkEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(GuideArtwork.RoutePrefix + "/{kind}/{id}", ServeAsync);
        return endpoints;
    }

    private static async Task<IResult> ServeAsync(string kind, string id, HttpContext context, ArtworkLookup lookup, ArtworkReader reader, CancellationToken cancellationToken)
    {
        if (GuideArtwork.KindOf(kind) is not { } known || !Guid.TryParse(id, out var entityId))
        {
            return NotFound("No such artwork.");
        }

        var location = await lookup.FindAsync(known, entityId, cancellationToken);
        if (location is null)
        {
            return NotFound("This programme has no artwork.");
        }

        // A Plex image path carries Plex's change stamp: a client holding this version is answered without asking Plex.
        if (ArtworkReader.KnownETag(location) is { } tag && ClientHas(context.Request, tag))
        {
            context.Response.Headers.CacheControl = CacheControl;
            context.Response.Headers.ETag = tag;
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        var content = await reader.ReadAsync(location, cancellationToken);
        switch (content)
        {
            case ArtworkFile file:
                context.Response.Headers.CacheControl = CacheControl;
                return Results.File(file.Path, file.ContentType, lastModified: file.LastModified, entityTag: EntityTagHeaderValue.Parse(file.ETag));
            case ArtworkBytes bytes:
                context.Response.Headers.CacheControl = CacheControl;
                return Results.Bytes(bytes.Content, bytes.ContentType, lastModified: bytes.LastModified, entityTag: EntityTagHeaderValue.Parse(bytes.ETag));
            case ArtworkUnavailable unavailable:
                return Results.Text(unavailable.Why, "text/plain", statusCode: StatusCodes.Status502BadGateway);
            case ArtworkMissing missing:
                return NotFound(missing.Why);
            default:
                return NotFound("No such artwork.");
        }
    }

    private static bool ClientHas(HttpRequest request, string tag) =>
        request.GetTypedHeaders().IfNoneMatch.Any(candidate => candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(EntityTagHeaderValue.Parse(tag), useStrongComparison: false));

    private static IResult NotFound(string why) => Results.Text(why, "text/plain", statusCode: StatusCodes.Status404NotFound);
}
