using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using RetroVue.Adapters.Jellyfin;
using RetroVue.Adapters.Plex;
using RetroVue.Adapters.Sources;
using RetroVue.App.Guide;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Artwork;

/// <summary>What reading a piece of artwork gave.</summary>
public abstract record ArtworkContent;

/// <summary>A local image file, checked to be an image, to be streamed from disk.</summary>
/// <param name="ETag">Names this version of the picture for conditional requests (a quoted entity tag).</param>
public sealed record ArtworkFile(string Path, string ContentType, long Length, DateTimeOffset LastModified, string ETag) : ArtworkContent;

/// <summary>An image fetched from a media server (Plex, Jellyfin, Emby), checked to be an image.</summary>
public sealed record ArtworkBytes(byte[] Content, string ContentType, DateTimeOffset? LastModified, string ETag) : ArtworkContent;

/// <summary>There is nothing to show: the file is gone, or is not an image (answered 404).</summary>
public sealed record ArtworkMissing(string Why) : ArtworkContent;

/// <summary>The source holding the picture could not give it (answered 502).</summary>
public sealed record ArtworkUnavailable(string Why) : ArtworkContent;

/// <summary>
/// Reads programme artwork: local files from disk (only the paths the catalog holds), images on a media server from that
/// server with the source's credentials in a request header (Plex's token, Jellyfin's or Emby's API key). All are bounded
/// (<see cref="MaxBytes"/>) and must be JPEG, PNG or WebP.
/// </summary>
public sealed class ArtworkReader(PlexClientFactory plexClients, JellyfinClientFactory jellyfinClients, ILogger<ArtworkReader> logger)
{
    /// <summary>No poster is this large; anything larger is refused rather than read.</summary>
    public const long MaxBytes = 10L * 1024 * 1024;

    /// <summary>
    /// The entity tag a picture will have, known before reading it when possible: a Plex image path carries Plex's own
    /// change stamp, so a client's cached copy is confirmed without asking Plex. Null when the content decides (local
    /// files, Jellyfin and Emby, whose image paths name the item and not the picture's version).
    /// </summary>
    public static string? KnownETag(ArtworkLocation location) =>
        location is { Artwork.Kind: ArtworkKind.ServerImage, Source.Kind: SourceKind.Plex } ? Tag($"{location.Artwork.SourceId:N}{location.Artwork.Location}") : null;

    public async Task<ArtworkContent> ReadAsync(ArtworkLocation location, CancellationToken cancellationToken)
    {
        var artwork = location.Artwork;
        return artwork.Kind switch
        {
            ArtworkKind.LocalFile => await ReadFileAsync(artwork.Location, cancellationToken),
            _ => location.Source?.Kind is SourceKind.Jellyfin or SourceKind.Emby
                ? await FetchFromJellyfinAsync(location, cancellationToken)
                : await FetchFromPlexAsync(location, cancellationToken),
        };
    }

    private async Task<ArtworkContent> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return new ArtworkMissing("The artwork file is no longer there.");
        }

        if (file.Length > MaxBytes)
        {
            logger.LogWarning("Artwork {Path} is {Length} bytes, more than the {Max} served; it is refused", path, file.Length, MaxBytes);
            return new ArtworkMissing("The artwork file is too large to serve.");
        }

        var header = new byte[ImageFormat.HeaderLength];
        int read;
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, useAsync: true);
            read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Artwork {Path} cannot be read: {Error}", path, ex.Message);
            return new ArtworkMissing("The artwork file cannot be read.");
        }

        if (ImageFormat.ContentTypeOf(header.AsSpan(0, read)) is not { } contentType)
        {
            logger.LogWarning("Artwork {Path} is not a JPEG, PNG or WebP image; it is not served", path);
            return new ArtworkMissing("The artwork file is not an image.");
        }

        var modified = new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero);
        return new ArtworkFile(path, contentType, file.Length, modified, Tag($"{path}\u001f{file.Length}\u001f{modified.UtcTicks}"));
    }

    private async Task<ArtworkContent> FetchFromPlexAsync(ArtworkLocation location, CancellationToken cancellationToken)
    {
        if (location.Source is not { Kind: SourceKind.Plex } source)
        {
            return new ArtworkMissing("The Plex source of this artwork no longer exists.");
        }

        try
        {
            var client = plexClients.Create(PlexSourceSettings.Read(source).Connection);
            var image = await client.GetImageAsync(location.Artwork.Location, MaxBytes, cancellationToken);
            if (image is null)
            {
                return new ArtworkMissing("Plex no longer has this image.");
            }

            if (ImageFormat.ContentTypeOf(image.Content.AsSpan(0, Math.Min(image.Content.Length, ImageFormat.HeaderLength))) is not { } contentType)
            {
                logger.LogWarning("Plex source {Source} answered {Path} with something that is not an image", source.Name, location.Artwork.Location);
                return new ArtworkUnavailable("Plex did not send an image.");
            }

            return new ArtworkBytes(image.Content, contentType, image.LastModified, KnownETag(location)!);
        }
        catch (PlexException ex)
        {
            // PlexException messages are redacted (they never hold the token); the client only learns the kind of failure.
            logger.LogWarning("Artwork {Path} from Plex source {Source} failed: {Error}", location.Artwork.Location, source.Name, ex.Message);
            return new ArtworkUnavailable(ex switch
            {
                PlexAuthenticationException => "Plex refused the source's token.",
                PlexUnavailableException => "Plex could not be reached.",
                _ => "Plex answered something unusable.",
            });
        }
        catch (App.Common.UserFacingException ex)
        {
            logger.LogWarning("Plex source {Source} cannot be used for artwork: {Error}", source.Name, ex.Message);
            return new ArtworkUnavailable("The Plex source is not configured correctly.");
        }
    }

    private async Task<ArtworkContent> FetchFromJellyfinAsync(ArtworkLocation location, CancellationToken cancellationToken)
    {
        var source = location.Source!;
        var server = source.Kind == SourceKind.Emby ? "Emby" : "Jellyfin";
        try
        {
            var client = jellyfinClients.Create(JellyfinSourceSettings.Read(source).Connection);
            var image = await client.GetImageAsync(location.Artwork.Location, MaxBytes, cancellationToken);
            if (image is null)
            {
                return new ArtworkMissing($"{server} no longer has this image.");
            }

            return Checked(image, location, server) is { } contentType
                ? new ArtworkBytes(image.Content, contentType, image.LastModified, ContentTag(location, image))
                : new ArtworkUnavailable($"{server} did not send an image.");
        }
        catch (JellyfinException ex)
        {
            // Jellyfin client messages never hold the API key; the client only learns the kind of failure.
            logger.LogWarning("Artwork {Path} from {Server} source {Source} failed: {Error}", location.Artwork.Location, server, source.Name, ex.Message);
            return new ArtworkUnavailable(ex switch
            {
                JellyfinAuthenticationException => $"{server} refused the source's API key.",
                JellyfinUnavailableException => $"{server} could not be reached.",
                _ => $"{server} answered something unusable.",
            });
        }
        catch (App.Common.UserFacingException ex)
        {
            logger.LogWarning("{Server} source {Source} cannot be used for artwork: {Error}", server, source.Name, ex.Message);
            return new ArtworkUnavailable($"The {server} source is not configured correctly.");
        }
    }

    private string? Checked(ServerImage image, ArtworkLocation location, string server)
    {
        var contentType = ImageFormat.ContentTypeOf(image.Content.AsSpan(0, Math.Min(image.Content.Length, ImageFormat.HeaderLength)));
        if (contentType is null)
        {
            logger.LogWarning("{Server} source {Source} answered {Path} with something that is not an image", server, location.Source!.Name, location.Artwork.Location);
        }

        return contentType;
    }

    /// <summary>
    /// Jellyfin's and Emby's image paths name the item, not the picture's version, so the tag follows the bytes: a new
    /// poster gets a new tag.
    /// </summary>
    private static string ContentTag(ArtworkLocation location, ServerImage image) =>
        Tag($"{location.Artwork.SourceId:N}{location.Artwork.Location}\u001f{Convert.ToHexStringLower(SHA256.HashData(image.Content))}");

    private static string Tag(string text) => $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 12))}\"";
}
