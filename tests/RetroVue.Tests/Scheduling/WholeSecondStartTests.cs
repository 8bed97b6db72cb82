using RetroVue.Domain.Scheduling;
using static RetroVue.Tests.Scheduling.Schedules;

namespace RetroVue.Tests.Scheduling;

/// <summary>Guides show whole seconds; programmes start on them, so the guide's times are the times programmes really start.</summary>
public sealed class WholeSecondStartTests
{
    private static readonly DateTimeOffset Day = Jan6.AddHours(6);

    private static List<TimelineEntry> BuildDay(CatalogBuilder catalog, ChannelSchedule schedule) =>
        [.. new ScheduleEngine(Channel(), schedule, catalog.Snapshot()).Build(Day, Day.AddDays(1)).Entries];

    private static List<List<TimelineEntry>> GuideProgrammes(List<TimelineEntry> entries) =>
        entries.GroupBy(e => e.GuideKey).Select(g => g.ToList()).ToList();

    [Fact]
    public void Back_to_back_episodes_of_fractional_length_each_start_on_a_whole_second_and_the_fraction_is_slate_in_the_programme_before()
    {
        var catalog = new CatalogBuilder().Show("Fractions", 1, 9, TimeSpan.FromSeconds((7 * 60) + 13.37));
        var schedule = Daily([Series("f", "Fractions")], null, Block("06:00", BlockKind.Fill, "f"));

        var entries = BuildDay(catalog, schedule);

        AssertGapless(entries);
        var programmes = GuideProgrammes(entries);
        Assert.True(programmes.Count > 100);
        Assert.All(programmes, p => Assert.True(GuideTime.IsWholeSecond(p[0].Start), $"programme at {p[0].Start:O} starts off the second"));
        Assert.All(programmes, p => Assert.Equal(p[0].Start, p[0].GuideKey));

        // Each following programme waits 0.63 s: the slate closing the one before, never a slate of its own.
        var first = programmes[0];
        Assert.Equal([TimelineEntryKind.Program, TimelineEntryKind.Slate], first.Select(e => e.Kind));
        Assert.Equal(TimeSpan.FromSeconds(0.63), first[1].Duration);
        Assert.Equal(first[0].Programme, first[1].Programme);
        Assert.Equal(Day.AddSeconds((7 * 60) + 14), programmes[1][0].Start);
    }

    [Fact]
    public void A_marathon_of_fractional_movies_starts_every_movie_on_a_whole_second_and_the_next_block_on_time()
    {
        var catalog = new CatalogBuilder();
        catalog.Movie("One", TimeSpan.FromSeconds((88 * 60) + 0.2));
        catalog.Movie("Two", TimeSpan.FromSeconds((95 * 60) + 0.999));
        catalog.Movie("Three", TimeSpan.FromSeconds((101 * 60) + 30.5));
        catalog.Show("Late", 1, 40, Min(30));
        var schedule = Daily(
            [new ContentPool { Name = "movies", AllMovies = true }, Series("late", "Late")],
            null,
            Block("06:00", BlockKind.Marathon, "movies"),
            Block("12:00", BlockKind.Episodes, "late"));

        var entries = BuildDay(catalog, schedule);

        AssertGapless(entries);
        var movies = Programmes(entries).Where(p => p.Programme.IsMovie && p.Start < Day.AddHours(6)).ToList();
        Assert.True(movies.Count >= 3);
        Assert.All(movies, m => Assert.True(GuideTime.IsWholeSecond(m.GuideKey), $"{m.Programme.Title} starts at {m.GuideKey:O}"));
        var late = Programmes(entries).First(p => p.Programme.Title == "Late");
        Assert.Equal(Day.AddHours(6), late.Start);
    }

    [Fact]
    public void Pre_roll_bumpers_of_fractional_length_still_leave_every_programme_starting_on_a_whole_second()
    {
        var catalog = new CatalogBuilder()
            .Show("Show", 1, 12, TimeSpan.FromSeconds((11 * 60) + 41.25))
            .Interstitials("Bumpers", TimeSpan.FromSeconds(4.3), TimeSpan.FromSeconds(6.85));
        var schedule = Daily([Series("show", "Show"), Series("bumpers", "Bumpers")], new FillerSettings { PreRollPool = "bumpers" }, Block("06:00", BlockKind.Fill, "show"));

        var entries = BuildDay(catalog, schedule);

        AssertGapless(entries);
        var programmes = GuideProgrammes(entries);
        Assert.Contains(entries, e => e.Kind == TimelineEntryKind.Filler);
        Assert.All(programmes, p => Assert.True(GuideTime.IsWholeSecond(p[0].Start), $"programme at {p[0].Start:O} starts off the second"));
    }

    [Fact]
    public void Back_to_back_files_of_whole_second_length_need_no_slate_between_them()
    {
        var catalog = new CatalogBuilder().Show("Whole", 1, 9, TimeSpan.FromSeconds((7 * 60) + 13));
        var schedule = Daily([Series("w", "Whole")], null, Block("06:00", BlockKind.Fill, "w"), Block("07:00", BlockKind.Fill, "w"));

        var entries = BuildDay(catalog, schedule).Where(e => e.Start < Day.AddHours(1)).ToList();

        var slates = entries.Where(e => e.Kind == TimelineEntryKind.Slate).ToList();
        Assert.Equal(Day.AddHours(1), Assert.Single(slates).End);
        Assert.Equal(entries.Count - 1, Programmes(entries).Count);
    }

    [Theory]
    [InlineData("2025-01-06T06:10:00.6000000Z", "2025-01-06T06:10:01Z")]
    [InlineData("2025-01-06T06:10:00.4000000Z", "2025-01-06T06:10:00Z")]
    [InlineData("2025-01-06T06:10:00.5000000Z", "2025-01-06T06:10:01Z")]
    [InlineData("2025-01-06T23:59:59.9999999Z", "2025-01-07T00:00:00Z")]
    [InlineData("2025-01-06T06:10:00Z", "2025-01-06T06:10:00Z")]
    public void Guide_times_round_to_the_nearest_second(string instant, string shown)
    {
        Assert.Equal(DateTimeOffset.Parse(shown, System.Globalization.CultureInfo.InvariantCulture), GuideTime.Round(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
