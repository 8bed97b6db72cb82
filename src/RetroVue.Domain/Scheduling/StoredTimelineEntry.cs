namespace RetroVue.Domain.Scheduling;

/// <summary>
/// One persisted <see cref="TimelineEntry"/> of a channel, with the guide text of the programme it belongs to
/// copied onto it so that the guide is read from the timeline alone and can never disagree with it.
/// </summary>
public sealed class StoredTimelineEntry
{
    private StoredTimelineEntry()
    {
        Title = string.Empty;
    }

    public Guid ChannelId { get; private set; }
    public DateTimeOffset Start { get; private set; }
    public DateTimeOffset End { get; private set; }
    public TimelineEntryKind Kind { get; private set; }
    public Guid? AssetId { get; private set; }
    public TimeSpan InPoint { get; private set; }
    public TimeSpan OutPoint { get; private set; }
    public DateTimeOffset GuideKey { get; private set; }
    public string? Pool { get; private set; }
    public PlayOrder? PlayOrder { get; private set; }

    public string Title { get; private set; }
    public string? SubTitle { get; private set; }
    public string? Description { get; private set; }
    public Guid? TitleId { get; private set; }
    public Guid? EpisodeId { get; private set; }
    public int? SeasonNumber { get; private set; }
    public int? EpisodeNumber { get; private set; }
    public int? Year { get; private set; }
    public string? GuideDate { get; private set; }
    public string? Category { get; private set; }
    /// <summary>The programme's artwork as a relative key (<see cref="Library.ArtworkKey"/>); null for none, and on entries built before artwork existed.</summary>
    public string? ArtworkKey { get; private set; }
    public bool IsMovie { get; private set; }

    public TimeSpan Duration => End - Start;

    public static StoredTimelineEntry Of(Guid channelId, TimelineEntry entry, GuideDetails details)
    {
        var programme = entry.Programme;
        return new StoredTimelineEntry
        {
            ChannelId = channelId,
            Start = entry.Start,
            End = entry.End,
            Kind = entry.Kind,
            AssetId = entry.AssetId,
            InPoint = entry.InPoint,
            OutPoint = entry.OutPoint,
            GuideKey = entry.GuideKey,
            Pool = entry.Pool,
            PlayOrder = entry.Order,
            Title = programme.Title,
            SubTitle = programme.EpisodeTitle,
            Description = details.Description,
            TitleId = programme.TitleId,
            EpisodeId = programme.EpisodeId,
            SeasonNumber = programme.SeasonNumber,
            EpisodeNumber = programme.EpisodeNumber,
            Year = programme.Year,
            GuideDate = details.Date,
            Category = details.Category,
            ArtworkKey = details.ArtworkKey,
            IsMovie = programme.IsMovie,
        };
    }

    public TimelineEntry ToTimelineEntry() => new()
    {
        AssetId = AssetId,
        InPoint = InPoint,
        OutPoint = OutPoint,
        Start = Start,
        End = End,
        Kind = Kind,
        GuideKey = GuideKey,
        Pool = Pool,
        Order = PlayOrder,
        Programme = new GuideProgramme
        {
            Title = Title,
            TitleId = TitleId,
            EpisodeId = EpisodeId,
            SeasonNumber = SeasonNumber,
            EpisodeNumber = EpisodeNumber,
            EpisodeTitle = SubTitle,
            Year = Year,
            IsMovie = IsMovie,
        },
    };
}
