namespace RetroVue.Domain.Library;

public enum ArtworkKind
{
    /// <summary>
    /// An image on the source's media server, named by its path there: Plex "/library/metadata/9881/thumb/1723182007",
    /// Jellyfin or Emby "/Items/{id}/Images/Primary". Fetched with the source's own credentials.
    /// </summary>
    ServerImage = 0,

    /// <summary>An image file on this machine, named by its absolute path.</summary>
    LocalFile = 1,
}

/// <summary>
/// Where a title's poster or an episode's still is, and which source said so: a source replaces or clears only artwork
/// that is its own (or that nobody owns), so two sources sharing a show do not overwrite each other on every sync.
/// </summary>
public sealed record ArtworkRef
{
    public const int MaxLocationLength = 4096;

    // "plex" predates Jellyfin and Emby; it is kept so stored artwork stays readable, and means any media server's image.
    private const string PlexPrefix = "plex";
    private const string FilePrefix = "file";

    private ArtworkRef(ArtworkKind kind, Guid sourceId, string location)
    {
        Kind = kind;
        SourceId = sourceId;
        Location = location;
    }

    public ArtworkKind Kind { get; }

    public Guid SourceId { get; }

    /// <summary>The image path on the media server, or the absolute local path.</summary>
    public string Location { get; }

    /// <summary>
    /// A media server's image path as listings give it; null for anything else (an absolute URL to another host, a path with a
    /// query or "..", control characters): such a value is never sent to the server.
    /// </summary>
    public static ArtworkRef? ServerImage(Guid sourceId, string? imagePath) =>
        IsServerPath(imagePath) ? new ArtworkRef(ArtworkKind.ServerImage, sourceId, imagePath!) : null;

    /// <summary>An image file on this machine; null unless the path is absolute.</summary>
    public static ArtworkRef? LocalFile(Guid sourceId, string? absolutePath) =>
        absolutePath is { Length: > 0 and <= MaxLocationLength } && Path.IsPathFullyQualified(absolutePath) && !absolutePath.Any(char.IsControl)
            ? new ArtworkRef(ArtworkKind.LocalFile, sourceId, absolutePath)
            : null;

    /// <summary>The one-column form the catalog stores: "plex:{source}:{path}" or "file:{source}:{path}".</summary>
    public string ToStorage() => $"{(Kind == ArtworkKind.ServerImage ? PlexPrefix : FilePrefix)}:{SourceId:N}:{Location}";

    public static ArtworkRef? FromStorage(string? stored)
    {
        var parts = stored?.Split(':', 3);
        if (parts is not [var kind, var source, var location] || !Guid.TryParseExact(source, "N", out var sourceId))
        {
            return null;
        }

        return kind switch
        {
            PlexPrefix => ServerImage(sourceId, location),
            FilePrefix => LocalFile(sourceId, location),
            _ => null,
        };
    }

    /// <summary>
    /// Which artwork the catalog should hold once a source has spoken: <paramref name="discovered"/> (null: the source
    /// has none) when the current artwork is the source's own, nobody's, or a source's that no longer exists;
    /// otherwise the current one stands.
    /// </summary>
    public static ArtworkRef? Settle(ArtworkRef? current, ArtworkRef? discovered, Guid sourceId, Func<Guid, bool> sourceExists) =>
        current is null || current.SourceId == sourceId || !sourceExists(current.SourceId) ? discovered : current;

    private static bool IsServerPath(string? path) =>
        path is { Length: > 1 and <= MaxLocationLength }
        && path[0] == '/'
        && path[1] != '/'
        && !path.Contains("..", StringComparison.Ordinal)
        && path.All(c => c > ' ' && c < 127 && c is not ('?' or '#' or '\\'));
}

/// <summary>
/// The relative name of a programme's artwork in the guide ("title/{id}", "episode/{id}"): the guide turns it into a URL
/// on whatever host the client reached, so timelines never store a host.
/// </summary>
public static class ArtworkKey
{
    public const string Title = "title";
    public const string Episode = "episode";

    public static string ForTitle(Guid titleId) => $"{Title}/{titleId}";

    public static string ForEpisode(Guid episodeId) => $"{Episode}/{episodeId}";
}
