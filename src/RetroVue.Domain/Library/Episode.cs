namespace RetroVue.Domain.Library;

/// <summary>One numbered episode of a season; its files are linked through <see cref="EpisodeAsset"/>.</summary>
public sealed class Episode
{
    private Episode()
    {
    }

    public Episode(Guid titleId, Guid seasonId, int number, DateTimeOffset createdAt)
    {
        Id = Guid.NewGuid();
        TitleId = titleId;
        SeasonId = seasonId;
        Number = number;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid TitleId { get; private set; }
    public Guid SeasonId { get; private set; }
    public int Number { get; private set; }
    public string? Name { get; set; }
    public string? Summary { get; set; }
    public DateOnly? AirDate { get; set; }
    public string? ContentRating { get; set; }

    /// <summary>A picture of the episode itself; the guide falls back to its show's poster without one.</summary>
    public ArtworkRef? Still { get; set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// Links episodes and files many-to-many: one file may carry two episodes (S01E01-E02),
/// and one episode may exist as several files (versions).
/// </summary>
public sealed class EpisodeAsset
{
    private EpisodeAsset()
    {
    }

    public EpisodeAsset(Guid episodeId, Guid assetId)
    {
        EpisodeId = episodeId;
        AssetId = assetId;
    }

    public Guid EpisodeId { get; private set; }
    public Guid AssetId { get; private set; }
}
