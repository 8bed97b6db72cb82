using RetroVue.Adapters.Plex;

namespace RetroVue.Adapters.Sources;

/// <summary>An image as a media server (Plex, Jellyfin, Emby) sent it; what it is, is told by its bytes, not by the server's Content-Type.</summary>
public sealed record ServerImage(byte[] Content, DateTimeOffset? LastModified)
{
    /// <summary>
    /// Reads an image answer of at most <paramref name="maxBytes"/>: a declared length over the bound is refused before
    /// reading, and a body that runs past it (no length, or a lying one) is refused as soon as it does.
    /// </summary>
    public static async Task<ServerImage> ReadAsync(HttpResponseMessage response, long maxBytes, Func<Exception> tooLarge, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            throw tooLarge();
        }

        await using var body = new BoundedReadStream(await response.Content.ReadAsStreamAsync(cancellationToken), maxBytes, tooLarge);
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        return new ServerImage(buffer.ToArray(), response.Content.Headers.LastModified);
    }
}
