using System.Globalization;
using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Guide.Templates;

/// <summary>
/// What a guide template can read: one programme of one channel, every value ready to print (times already in the
/// channel's time zone), so a template needs no method calls. <see cref="Fields"/> lists what templates may name.
/// </summary>
public sealed class GuideTemplateModel
{
    public required string Title { get; init; }
    public string? EpisodeTitle { get; init; }
    public int? Season { get; init; }
    public int? Episode { get; init; }
    public string? EpisodeCode { get; init; }
    public int? Year { get; init; }
    public string? Date { get; init; }
    public string? Category { get; init; }
    public string? Summary { get; init; }
    public required string Kind { get; init; }
    public bool IsMovie { get; init; }
    public bool IsEpisode { get; init; }
    public bool IsFiller { get; init; }
    public required string StartTime { get; init; }
    public required string StopTime { get; init; }
    public required string StartDate { get; init; }
    public required string Weekday { get; init; }
    public int DurationMinutes { get; init; }
    public required string Duration { get; init; }
    public int FillerMinutes { get; init; }
    public required string ChannelName { get; init; }
    public required string ChannelNumber { get; init; }
    public required string TimeZone { get; init; }

    /// <summary>Every field a template may read, with its type; the parser checks names and comparisons against it.</summary>
    public static readonly IReadOnlyDictionary<string, GuideFieldType> Fields = new Dictionary<string, GuideFieldType>(StringComparer.Ordinal)
    {
        [nameof(Title)] = GuideFieldType.Text,
        [nameof(EpisodeTitle)] = GuideFieldType.Text,
        [nameof(Season)] = GuideFieldType.Number,
        [nameof(Episode)] = GuideFieldType.Number,
        [nameof(EpisodeCode)] = GuideFieldType.Text,
        [nameof(Year)] = GuideFieldType.Number,
        [nameof(Date)] = GuideFieldType.Text,
        [nameof(Category)] = GuideFieldType.Text,
        [nameof(Summary)] = GuideFieldType.Text,
        [nameof(Kind)] = GuideFieldType.Text,
        [nameof(IsMovie)] = GuideFieldType.YesNo,
        [nameof(IsEpisode)] = GuideFieldType.YesNo,
        [nameof(IsFiller)] = GuideFieldType.YesNo,
        [nameof(StartTime)] = GuideFieldType.Text,
        [nameof(StopTime)] = GuideFieldType.Text,
        [nameof(StartDate)] = GuideFieldType.Text,
        [nameof(Weekday)] = GuideFieldType.Text,
        [nameof(DurationMinutes)] = GuideFieldType.Number,
        [nameof(Duration)] = GuideFieldType.Text,
        [nameof(FillerMinutes)] = GuideFieldType.Number,
        [nameof(ChannelName)] = GuideFieldType.Text,
        [nameof(ChannelNumber)] = GuideFieldType.Text,
        [nameof(TimeZone)] = GuideFieldType.Text,
    };

    /// <summary>The model of one guide programme; start and stop are rounded like every guide time, then shown in the channel's zone.</summary>
    public static GuideTemplateModel Of(Channel channel, GuideListingItem item)
    {
        var p = item.Programme;
        var start = TimeZoneInfo.ConvertTime(GuideTime.Round(item.Start), channel.TimeZone);
        var stop = TimeZoneInfo.ConvertTime(GuideTime.Round(item.Stop), channel.TimeZone);
        var length = stop - start;
        var isEpisode = !p.IsMovie && (p.EpisodeId is not null || p.EpisodeNumber is not null);
        // A programme of nothing but filler or slate (a pad before the first block, a slate for an empty pool).
        var onlyFiller = !p.IsMovie && !isEpisode && item.Filler >= item.Stop - item.Start;
        var isSlate = onlyFiller && p.Kind == TimelineEntryKind.Slate;
        var isFiller = onlyFiller && !isSlate;
        return new GuideTemplateModel
        {
            Title = p.Title,
            EpisodeTitle = p.SubTitle,
            Season = p.SeasonNumber,
            Episode = p.EpisodeNumber,
            EpisodeCode = XmltvWriter.OnScreen(p.SeasonNumber, p.EpisodeNumber),
            Year = p.Year,
            Date = p.GuideDate,
            Category = p.Category,
            Summary = p.Description,
            Kind = p.IsMovie ? "movie" : isEpisode ? "episode" : isSlate ? "slate" : isFiller ? "filler" : "other",
            IsMovie = p.IsMovie,
            IsEpisode = isEpisode,
            IsFiller = isFiller,
            StartTime = start.ToString("HH:mm", CultureInfo.InvariantCulture),
            StopTime = stop.ToString("HH:mm", CultureInfo.InvariantCulture),
            StartDate = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Weekday = start.DayOfWeek.ToString(),
            DurationMinutes = (int)Math.Round(length.TotalMinutes, MidpointRounding.AwayFromZero),
            Duration = Describe(length),
            FillerMinutes = (int)Math.Round(item.Filler.TotalMinutes, MidpointRounding.AwayFromZero),
            ChannelName = channel.Name,
            ChannelNumber = channel.Number.ToString(),
            TimeZone = channel.TimeZoneId,
        };
    }

    /// <summary>"25m", "1h", "1h 30m": how a guide says a length.</summary>
    public static string Describe(TimeSpan length)
    {
        var minutes = (int)Math.Round(length.TotalMinutes, MidpointRounding.AwayFromZero);
        var (hours, rest) = (minutes / 60, minutes % 60);
        return hours == 0 ? string.Create(CultureInfo.InvariantCulture, $"{rest}m")
            : rest == 0 ? string.Create(CultureInfo.InvariantCulture, $"{hours}h")
            : string.Create(CultureInfo.InvariantCulture, $"{hours}h {rest}m");
    }
}

public enum GuideFieldType
{
    Text,
    Number,
    YesNo,
}
