using RetroVue.Domain.Scheduling;
using static RetroVue.Tests.Scheduling.Schedules;

namespace RetroVue.Tests.Scheduling;

public sealed class DaylightSavingTests
{
    public static TheoryData<string, int, int, int, double> TransitionDays => new()
    {
        // zone, date of the broadcast day, its length in hours
        { "America/New_York", 2025, 3, 9, 23 },
        { "America/New_York", 2025, 11, 2, 25 },
        { "Europe/London", 2025, 3, 30, 23 },
        { "Europe/London", 2025, 10, 26, 25 },
        { "Europe/Berlin", 2025, 3, 30, 23 },
        { "Europe/Berlin", 2025, 10, 26, 25 },
        { "Australia/Sydney", 2025, 10, 5, 23 },
        { "Australia/Sydney", 2025, 4, 6, 25 },
    };

    [Theory]
    [MemberData(nameof(TransitionDays))]
    public void A_broadcast_day_with_a_clock_change_has_23_or_25_hours_and_its_blocks_start_at_their_local_times(string zone, int y, int m, int d, double hours)
    {
        var channel = Channel(zone, grid: 30, dayStartHour: 0);
        var catalog = new CatalogBuilder().Show("Half", 1, 100, Min(30)).Show("Morning", 1, 30, Min(60));
        var schedule = Daily([Series("half", "Half"), Series("morning", "Morning")], null,
            Block("00:00", BlockKind.Fill, "half"), Block("02:30", BlockKind.Fill, "half"), Block("03:00", BlockKind.Fill, "half"), Block("07:00", BlockKind.Fill, "morning"), Block("09:00", BlockKind.Fill, "half"));
        var date = new DateOnly(y, m, d);
        var dayStart = LocalToUtc(channel.TimeZone, date.ToDateTime(TimeOnly.MinValue));
        var nextDayStart = LocalToUtc(channel.TimeZone, date.AddDays(1).ToDateTime(TimeOnly.MinValue));

        var entries = new ScheduleEngine(channel, schedule, catalog.Snapshot()).Build(dayStart.AddDays(-1), nextDayStart.AddDays(1)).Entries;

        Assert.Equal(TimeSpan.FromHours(hours), nextDayStart - dayStart);
        AssertGapless(entries);
        var day = entries.Where(e => e.Start >= dayStart && e.Start < nextDayStart).ToList();
        Assert.Equal(dayStart, day[0].Start);
        Assert.Equal(nextDayStart, day[^1].End);
        Assert.Equal(TimeSpan.FromHours(hours), day.Aggregate(TimeSpan.Zero, (sum, e) => sum + e.Duration));
        var seven = LocalToUtc(channel.TimeZone, date.ToDateTime(new TimeOnly(7, 0)));
        Assert.Equal("Morning", entries.Single(e => e.Start == seven).Programme.Title);
        Assert.Equal(7, TimeZoneInfo.ConvertTime(seven, channel.TimeZone).Hour);
        Assert.Contains(entries, e => e.Start == LocalToUtc(channel.TimeZone, date.ToDateTime(new TimeOnly(9, 0))));
    }

    [Fact]
    public void Blocks_in_the_missing_hour_of_a_spring_forward_day_collapse_onto_the_first_real_time()
    {
        var channel = Channel("America/New_York", grid: 30, dayStartHour: 6);
        var catalog = new CatalogBuilder().Show("A", 1, 50, Min(30)).Show("B", 1, 50, Min(30)).Show("C", 1, 50, Min(30));
        var schedule = Daily([Series("a", "A"), Series("b", "B"), Series("c", "C")], null,
            Block("01:30", BlockKind.Fill, "a"), Block("02:30", BlockKind.Fill, "b"), Block("03:00", BlockKind.Fill, "c"));

        var entries = new ScheduleEngine(channel, schedule, catalog.Snapshot()).Build(Utc(2025, 3, 8, 12), Utc(2025, 3, 10)).Entries;

        // 01:30 EST is 06:30 UTC; 02:30 does not exist that night, so B is dropped and C starts at 03:00 EDT = 07:00 UTC.
        Assert.Equal("A", entries.Single(e => e.Start == Utc(2025, 3, 9, 6, 30)).Programme.Title);
        Assert.Equal("C", entries.Single(e => e.Start == Utc(2025, 3, 9, 7)).Programme.Title);
        Assert.DoesNotContain(entries, e => e.Start.Date == new DateTime(2025, 3, 9) && e.Start.Hour < 10 && e.Programme.Title == "B");
    }

    [Fact]
    public void The_block_before_a_fall_back_runs_through_the_repeated_hour()
    {
        var channel = Channel("Europe/Berlin", grid: 30, dayStartHour: 6);
        var catalog = new CatalogBuilder().Show("Night", 1, 50, Min(30)).Show("Early", 1, 50, Min(30));
        var schedule = Daily([Series("night", "Night"), Series("early", "Early")], null,
            Block("02:00", BlockKind.Fill, "night"), Block("03:00", BlockKind.Fill, "early"));

        var entries = new ScheduleEngine(channel, schedule, catalog.Snapshot()).Build(Utc(2025, 10, 25, 12), Utc(2025, 10, 27)).Entries;

        // 02:00 CEST = 00:00 UTC; 03:00 CET = 02:00 UTC: the night block lasts two hours of real time.
        var night = entries.Where(e => e.Start >= Utc(2025, 10, 26, 0) && e.Start < Utc(2025, 10, 26, 2)).ToList();
        Assert.Equal(4, night.Count(e => e.Kind == TimelineEntryKind.Program));
        Assert.All(night, e => Assert.Equal("Night", e.Programme.Title));
        Assert.Equal("Early", entries.Single(e => e.Start == Utc(2025, 10, 26, 2)).Programme.Title);
    }
}
