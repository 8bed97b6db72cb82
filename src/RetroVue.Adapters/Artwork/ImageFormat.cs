namespace RetroVue.Adapters.Artwork;

/// <summary>Tells JPEG, PNG and WebP apart by their first bytes; anything else is not served as artwork.</summary>
public static class ImageFormat
{
    /// <summary>Bytes needed to recognise every format here.</summary>
    public const int HeaderLength = 12;

    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";
    public const string WebP = "image/webp";

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The content type of an image starting with <paramref name="header"/>; null when it is no image of these kinds.</summary>
    public static string? ContentTypeOf(ReadOnlySpan<byte> header)
    {
        if (header is [0xFF, 0xD8, 0xFF, ..])
        {
            return Jpeg;
        }

        if (header.StartsWith(PngSignature))
        {
            return Png;
        }

        return header.Length >= HeaderLength && header[..4].SequenceEqual("RIFF"u8) && header[8..12].SequenceEqual("WEBP"u8) ? WebP : null;
    }
}
