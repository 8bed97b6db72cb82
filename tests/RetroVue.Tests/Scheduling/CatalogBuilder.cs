using RetroVue.Domain.Library;
using RetroVue.Domain.Scheduling;

namespace RetroVue.Tests.Scheduling;

/// <summary>Builds catalog items for tests with readable calls and deterministic ids.</summary>
internal sealed class CatalogBuilder
{
    private readonly List<CatalogItem> _items = [];
    private readonly Dictionary<string, Guid> _titles = [];
    private int _next;

    public IReadOnlyList<CatalogItem> Items => _items;

    public CatalogSnapshot Snapshot() => new(_items);

    public CatalogBuilder Show(string name, int seasons, int episodes, TimeSpan duration, params TimeSpan[] breakPoints)
    {
        for (var s = 1; s <= seasons; s++)
        {
            for (var e = 1; e <= episodes; e++)
            {
                Episode(name, s, e, duration, breakPoints);
            }
        }

        return this;
    }

    public CatalogItem Episode(string show, int season, int episode, TimeSpan duration, TimeSpan[]? breakPoints = null, ItemAvailability availability = ItemAvailability.Available, string? rating = null)
    {
        var item = new CatalogItem
        {
            AssetId = NextId(),
            TitleId = TitleId(show),
            TitleName = show,
            TitleKind = TitleKind.Show,
            EpisodeId = NextId(),
            SeasonNumber = season,
            EpisodeNumber = episode,
            EpisodeTitle = $"{show} episode {season}x{episode}",
            Duration = duration,
            BreakPoints = breakPoints ?? [],
            Availability = availability,
            ContentRating = rating,
        };
        _items.Add(item);
        return item;
    }

    public CatalogItem Movie(string name, TimeSpan duration, string? rating = null, params string[] tags)
    {
        var item = new CatalogItem
        {
            AssetId = NextId(),
            TitleId = TitleId(name),
            TitleName = name,
            TitleKind = TitleKind.Movie,
            Year = 1980 + (_next % 20),
            Duration = duration,
            ContentRating = rating,
            Tags = tags,
        };
        _items.Add(item);
        return item;
    }

    /// <summary>Interstitials are short files of a "show" used only as filler (commercials, bumpers).</summary>
    public CatalogBuilder Interstitials(string name, params TimeSpan[] durations)
    {
        var n = 0;
        foreach (var duration in durations)
        {
            Episode(name, 1, ++n, duration);
        }

        return this;
    }

    private Guid TitleId(string name)
    {
        if (!_titles.TryGetValue(name, out var id))
        {
            id = NextId();
            _titles[name] = id;
        }

        return id;
    }

    private Guid NextId() => new(++_next, 0, 0, new byte[8]);
}

internal static class Schedules
{
    public static readonly DateTimeOffset Jan6 = new(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);

    public static Channel Channel(string zone = "UTC", int grid = 30, int dayStartHour = 6, string id = "C2.test.retrovue")
    {
        var channel = new Channel(id, ChannelNumber.Parse("2"), "Test", zone);
        channel.SetClock(new TimeOnly(dayStartHour, 0), grid);
        return channel;
    }

    public static ContentPool Series(string poolName, params string[] titles) =>
        new() { Name = poolName, Series = titles.Select(SeriesRef.ByTitle).ToList() };

    public static ScheduleBlock Block(string at, BlockKind kind, string pool, PlayOrder order = PlayOrder.Sequential, int? count = null) =>
        new() { Start = TimeOnly.Parse(at, System.Globalization.CultureInfo.InvariantCulture), Kind = kind, Pool = pool, Order = order, Count = count };

    public static ChannelSchedule Daily(IReadOnlyList<ContentPool> pools, FillerSettings? filler, params ScheduleBlock[] blocks) =>
        new(pools, [new DayLayer("daily", DaySelector.AllDays, blocks)], filler ?? FillerSettings.None);

    public static TimeSpan Min(double minutes) => TimeSpan.FromMinutes(minutes);

    public static DateTimeOffset Utc(int y, int m, int d, int h = 0, int min = 0) => new(y, m, d, h, min, 0, TimeSpan.Zero);

    public static bool IsOnLocalGrid(Channel channel, DateTimeOffset instant) =>
        (instant.UtcTicks + channel.TimeZone.GetUtcOffset(instant).Ticks) % TimeSpan.FromMinutes(channel.GridMinutes).Ticks == 0;

    /// <summary>The documented mapping, implemented independently: a missing local time becomes the first valid one after it; a doubled one its first occurrence.</summary>
    public static DateTimeOffset LocalToUtc(TimeZoneInfo zone, DateTime local)
    {
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local.Ticks - offset.Ticks, TimeSpan.Zero);
    }

    public static void AssertGapless(IReadOnlyList<TimelineEntry> entries) => Assert.Null(TimelineChecks.FirstProblem(entries));

    public static List<TimelineEntry> Programmes(IEnumerable<TimelineEntry> entries) =>
        entries.Where(e => e.Kind == TimelineEntryKind.Program && e.InPoint == TimeSpan.Zero).ToList();
}
