namespace RetroVue.Domain.Library;

public enum TitleKind
{
    Show = 0,
    Movie = 1,
}

/// <summary>A show or a movie, as the operator would name it.</summary>
public sealed class Title
{
    private Title()
    {
        Name = string.Empty;
        NormalizedName = string.Empty;
    }

    public Title(TitleKind kind, string name, int? year, DateTimeOffset createdAt)
    {
        Id = Guid.NewGuid();
        Kind = kind;
        Name = name.Trim();
        NormalizedName = Normalize(name);
        Year = year;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public TitleKind Kind { get; private set; }
    public string Name { get; private set; }

    /// <summary>Case- and punctuation-folded name: the identity of a title together with kind and year.</summary>
    public string NormalizedName { get; private set; }

    public int? Year { get; private set; }
    public string? Summary { get; set; }
    public string? ContentRating { get; set; }

    /// <summary>The audience or critics' score the source gives, 0-10 (Plex audienceRating, Jellyfin CommunityRating, an NFO rating).</summary>
    public double? CommunityRating { get; set; }

    /// <summary>The show's or movie's poster; null when no source has one.</summary>
    public ArtworkRef? Poster { get; set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public static string Normalize(string name)
    {
        var chars = name.Trim().ToLowerInvariant()
            .Where(c => char.IsLetterOrDigit(c) || char.IsWhiteSpace(c))
            .ToArray();
        return string.Join(' ', new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
