using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Persistence.Configurations;

/// <summary>An <see cref="ArtworkRef"/> in one text column ("plex:{source}:{path}"); a value that no longer parses reads as none.</summary>
internal static class ArtworkColumn
{
    // "file:" + 32 hex digits + ":" + the longest location.
    public const int MaxLength = ArtworkRef.MaxLocationLength + 64;

    public static ValueConverter<ArtworkRef?, string?> Converter { get; } =
        new(artwork => artwork == null ? null : artwork.ToStorage(), stored => ArtworkRef.FromStorage(stored));
}
