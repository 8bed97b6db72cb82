using RetroVue.Domain.Scheduling;
using static RetroVue.Tests.Scheduling.Schedules;

namespace RetroVue.Tests.Scheduling;

public sealed class BlockKindTests
{
    private static readonly DateTimeOffset Day = Jan6.AddHours(6);

    private static TimelineBuild BuildDay(CatalogBuilder catalog, ChannelSchedule schedule, Channel? channel = null) =>
        new ScheduleEngine(channel ?? Channel(), schedule, catalog.Snapshot()).Build(Day, Day.AddDays(1));

    [Fact]
    public void An_episode_block_of_two_starts_each_episode_on_a_grid_line_in_series_order()
    {
        var catalog = new CatalogBuilder().Show("Taxi", 1, 5, Min(22));
        var schedule = Daily([Series("taxi", "Taxi")], null, Block("06:00", BlockKind.Episodes, "taxi", count: 2), Block("08:00", BlockKind.Fill, "taxi"));

        var entries = BuildDay(catalog, schedule).Entries;

        var programmes = Programmes(entries);
        Assert.Equal(Day, programmes[0].Start);
        Assert.Equal(Day.AddMinutes(30), programmes[1].Start);
        Assert.Equal([1, 2], programmes.Take(2).Select(p => p.Programme.EpisodeNumber!.Value));
        Assert.Contains(entries, e => e.Start == Day.AddHours(2));
        AssertGapless(entries);
    }

    [Fact]
    public void An_episode_that_does_not_fit_the_time_left_waits_for_the_next_block_instead_of_being_skipped()
    {
        var catalog = new CatalogBuilder();
        catalog.Episode("Mixed", 1, 1, Min(25));
        catalog.Episode("Mixed", 1, 2, Min(40));
        catalog.Episode("Mixed", 1, 3, Min(10));
        var schedule = Daily([Series("mixed", "Mixed")], null, Block("06:00", BlockKind.Fill, "mixed"), Block("07:00", BlockKind.Fill, "mixed"));

        var programmes = Programmes(BuildDay(catalog, schedule).Entries);

        Assert.Equal([1, 2, 3], programmes.Take(3).Select(p => p.Programme.EpisodeNumber!.Value));
        Assert.Equal(Day.AddHours(1), programmes[1].Start);
    }

    [Fact]
    public void A_sequential_episode_longer_than_its_whole_block_runs_over_and_the_next_block_starts_at_the_next_grid_line()
    {
        var catalog = new CatalogBuilder().Show("Epic", 1, 3, Min(50)).Show("Short", 1, 9, Min(10));
        var schedule = Daily([Series("epic", "Epic"), Series("short", "Short")], null,
            Block("06:00", BlockKind.Episodes, "epic", count: 1), Block("06:30", BlockKind.Fill, "short"), Block("07:30", BlockKind.Fill, "short"));

        var entries = BuildDay(catalog, schedule).Entries;

        Assert.Equal(Day.AddMinutes(50), entries[0].End);
        Assert.Equal("Short", entries.First(e => e.Start == Day.AddHours(1)).Programme.Title);
        Assert.Equal(Day.AddMinutes(90), Programmes(entries).First(p => p.Start >= Day.AddMinutes(90)).Start);
        AssertGapless(entries);
    }

    [Fact]
    public void A_shuffle_block_plays_every_item_once_before_any_repeats()
    {
        var catalog = new CatalogBuilder().Show("Cartoons", 1, 7, Min(7));
        var schedule = Daily([Series("toons", "Cartoons")], null, Block("06:00", BlockKind.Fill, "toons", PlayOrder.Shuffle));

        var ids = Programmes(BuildDay(catalog, schedule).Entries).Select(p => p.AssetId).ToList();

        Assert.True(ids.Count > 14);
        Assert.Equal(7, ids.Take(7).Distinct().Count());
        Assert.Equal(7, ids.Skip(7).Take(7).Distinct().Count());
        Assert.NotEqual(ids.Take(7), ids.Skip(7).Take(7));
    }

    [Fact]
    public void A_random_block_only_picks_items_that_fit_and_the_same_channel_always_picks_the_same()
    {
        var catalog = new CatalogBuilder().Show("Any", 1, 10, Min(20));
        catalog.Episode("Any", 2, 1, Min(200));
        var hourly = Enumerable.Range(0, 24).Select(h => Block($"{h:00}:00", BlockKind.Episodes, "any", PlayOrder.Random)).ToArray();
        var schedule = Daily([Series("any", "Any")], null, hourly);

        var first = BuildDay(catalog, schedule).Entries;
        var again = BuildDay(catalog, schedule).Entries;
        var otherChannel = BuildDay(catalog, schedule, Channel(id: "C9.other.retrovue")).Entries;

        Assert.DoesNotContain(Programmes(first), p => p.Programme.SeasonNumber == 2);
        Assert.Equal(first, again);
        Assert.NotEqual(Programmes(first).Select(p => p.AssetId), Programmes(otherChannel).Select(p => p.AssetId));
    }

    [Fact]
    public void A_movie_block_plays_one_movie_that_fits_and_pads_the_rest()
    {
        var catalog = new CatalogBuilder();
        catalog.Movie("Too Long", Min(200));
        catalog.Movie("Fits", Min(100));
        var schedule = Daily([new ContentPool { Name = "movies", AllMovies = true }], null, Block("06:00", BlockKind.Movie, "movies"), Block("08:00", BlockKind.Movie, "movies"));

        var entries = BuildDay(catalog, schedule).Entries.Where(e => e.Start < Day.AddHours(2)).ToList();

        var movie = Assert.Single(Programmes(entries));
        Assert.Equal("Fits", movie.Programme.Title);
        Assert.True(movie.Programme.IsMovie);
        Assert.Equal(TimelineEntryKind.Slate, entries[^1].Kind);
        Assert.Equal(movie.GuideKey, entries[^1].GuideKey);
        Assert.Equal(Day.AddHours(2), entries[^1].End);
    }

    [Fact]
    public void A_marathon_plays_movies_back_to_back_without_repeats_and_the_next_block_starts_at_the_grid_line_after_it()
    {
        var catalog = new CatalogBuilder();
        catalog.Movie("A", Min(95));
        catalog.Movie("B", Min(100));
        catalog.Movie("C", Min(105));
        catalog.Show("News", 1, 30, Min(30));
        var schedule = Daily([new ContentPool { Name = "movies", AllMovies = true }, Series("news", "News")], null,
            Block("06:00", BlockKind.Marathon, "movies"), Block("09:00", BlockKind.Fill, "news"), Block("14:00", BlockKind.Marathon, "movies"));

        var entries = BuildDay(catalog, schedule).Entries;

        var morning = Programmes(entries).Where(p => p.Start < Day.AddHours(4) && p.Programme.IsMovie).ToList();
        Assert.Equal(2, morning.Count);
        Assert.Equal(morning[0].End, morning[1].Start);
        Assert.NotEqual(morning[0].GuideKey, morning[1].GuideKey);
        var newsStart = Programmes(entries).First(p => p.Programme.Title == "News").Start;
        Assert.Equal(Day.AddMinutes(210), newsStart);

        // Only C is left for the afternoon marathon: no movie twice in one broadcast day, so the rest is slate.
        var afternoon = Programmes(entries).Where(p => p.Start >= Day.AddHours(8) && p.Programme.IsMovie).ToList();
        Assert.Equal("C", Assert.Single(afternoon).Programme.Title);
        AssertGapless(entries);
    }

    [Fact]
    public void A_fill_block_plays_back_to_back_and_pads_only_at_its_end()
    {
        var catalog = new CatalogBuilder().Show("Shorts", 1, 9, Min(13));
        var schedule = Daily([Series("shorts", "Shorts")], null, Block("06:00", BlockKind.Fill, "shorts"), Block("07:00", BlockKind.Fill, "shorts"));

        var entries = BuildDay(catalog, schedule).Entries.Where(e => e.Start < Day.AddHours(1)).ToList();

        Assert.Equal(4, Programmes(entries).Count);
        Assert.Equal(Day.AddMinutes(39), entries[3].Start);
        Assert.Equal(TimelineEntryKind.Slate, entries[^1].Kind);
        Assert.Equal(Day.AddMinutes(52), entries[^1].Start);
    }

    [Fact]
    public void An_empty_pool_yields_a_slate_titled_after_the_block()
    {
        var schedule = Daily([Series("ghost", "Nobody")], null, Block("06:00", BlockKind.Episodes, "ghost") with { Title = "Coming soon" });

        var entries = BuildDay(new CatalogBuilder(), schedule).Entries;

        Assert.All(entries, e => Assert.Equal(TimelineEntryKind.Slate, e.Kind));
        Assert.Equal("Coming soon", entries[0].Programme.Title);
        AssertGapless(entries);
    }

    [Fact]
    public void Retired_and_missing_episodes_are_skipped_and_reported_for_review()
    {
        var catalog = new CatalogBuilder();
        catalog.Episode("Show", 1, 1, Min(30));
        var retired = catalog.Episode("Show", 1, 2, Min(30), availability: ItemAvailability.Retired);
        var missing = catalog.Episode("Show", 1, 3, Min(30), availability: ItemAvailability.Missing);
        var empty = catalog.Episode("Show", 1, 4, TimeSpan.Zero);
        catalog.Episode("Show", 1, 5, Min(30));
        var schedule = Daily([Series("show", "Show")], null, Block("06:00", BlockKind.Fill, "show"));

        var build = BuildDay(catalog, schedule);

        Assert.Equal([1, 5, 1, 5], Programmes(build.Entries).Take(4).Select(p => p.Programme.EpisodeNumber!.Value));
        Assert.Equal(new[] { retired.AssetId, missing.AssetId, empty.AssetId }.Order(), build.Skipped.Select(s => s.AssetId));
        Assert.All(build.Skipped, s => Assert.Equal("show", s.Pool));
        Assert.Contains("retired", build.Skipped.Single(s => s.AssetId == retired.AssetId).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Sequential_series_continue_across_days_and_across_separate_builds()
    {
        var catalog = new CatalogBuilder().Show("Daily", 2, 10, Min(30));
        var schedule = Daily([Series("daily", "Daily")], null, Block("18:00", BlockKind.Episodes, "daily", count: 1), Block("18:30", BlockKind.Fill, "daily"));
        var engine = new ScheduleEngine(Channel(), schedule, catalog.Snapshot());

        var monday = engine.Build(Day, Day.AddDays(1));
        var tuesday = engine.Continue(monday.State, Day.AddDays(2));

        var all = Programmes(monday.Entries.Concat(tuesday.Entries)).Select(p => (p.Programme.SeasonNumber!.Value * 100) + p.Programme.EpisodeNumber!.Value).ToList();
        Assert.Equal([101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 201, 202], all.Take(12));
    }

    [Fact]
    public void A_more_specific_layer_overrides_a_less_specific_one_for_its_days()
    {
        var catalog = new CatalogBuilder().Show("Weekday", 1, 5, Min(30)).Show("Weekend", 1, 5, Min(30)).Show("Holiday", 1, 5, Min(30));
        var layers = new List<DayLayer>
        {
            new("holiday", new DaySelector(WeekdaySet.All, new AnnualDateSpan(1, 10, 1, 10)), [Block("06:00", BlockKind.Fill, "holiday")]),
            new("all", DaySelector.AllDays, [Block("06:00", BlockKind.Fill, "weekday")]),
            new("weekend", new DaySelector(WeekdaySet.Weekends), [Block("06:00", BlockKind.Fill, "weekend")]),
        };
        var schedule = new ChannelSchedule([Series("weekday", "Weekday"), Series("weekend", "Weekend"), Series("holiday", "Holiday")], layers, FillerSettings.None);

        var entries = new ScheduleEngine(Channel(), schedule, catalog.Snapshot()).Build(Day, Day.AddDays(7)).Entries;

        string TitleOn(int day) => entries.First(e => e.Start == Day.AddDays(day)).Programme.Title;
        Assert.Equal("Weekday", TitleOn(0));
        Assert.Equal("Holiday", TitleOn(4));
        Assert.Equal("Weekend", TitleOn(5));
        Assert.Equal("Weekend", TitleOn(6));
    }

    [Fact]
    public void A_block_after_midnight_belongs_to_the_broadcast_day_that_started_the_evening_before()
    {
        var catalog = new CatalogBuilder().Show("Late", 1, 5, Min(30)).Show("Saturday", 1, 5, Min(30)).Show("Day", 1, 5, Min(30));
        var layers = new List<DayLayer>
        {
            new("all", DaySelector.AllDays, [Block("06:00", BlockKind.Fill, "day"), Block("01:00", BlockKind.Fill, "late")]),
            new("sat", new DaySelector(WeekdaySet.Saturday), [Block("06:00", BlockKind.Fill, "day"), Block("01:00", BlockKind.Fill, "saturday")]),
        };
        var schedule = new ChannelSchedule([Series("late", "Late"), Series("saturday", "Saturday"), Series("day", "Day")], layers, FillerSettings.None);

        var entries = new ScheduleEngine(Channel(), schedule, catalog.Snapshot()).Build(Day, Day.AddDays(7)).Entries;

        // Saturday 11 January's broadcast day runs to Sunday 06:00, so Sunday 01:00 still plays Saturday's layer.
        Assert.Equal("Saturday", entries.First(e => e.Start == Utc(2025, 1, 12, 1)).Programme.Title);
        Assert.Equal("Late", entries.First(e => e.Start == Utc(2025, 1, 11, 1)).Programme.Title);
    }

    [Fact]
    public void A_day_without_any_layer_is_off_air_with_a_slate()
    {
        var catalog = new CatalogBuilder().Show("Weekday", 1, 5, Min(30));
        var layers = new List<DayLayer> { new("weekdays", new DaySelector(WeekdaySet.Weekdays), [Block("06:00", BlockKind.Fill, "weekday")]) };
        var schedule = new ChannelSchedule([Series("weekday", "Weekday")], layers, FillerSettings.None with { SlateTitle = "Off Air" });

        var entries = new ScheduleEngine(Channel(), schedule, catalog.Snapshot()).Build(Day, Day.AddDays(7)).Entries;

        var saturday = entries.Single(e => e.Start == Utc(2025, 1, 11, 6));
        Assert.Equal(TimelineEntryKind.Slate, saturday.Kind);
        Assert.Equal("Off Air", saturday.Programme.Title);
        Assert.Equal(Utc(2025, 1, 12, 6), saturday.End);
    }

    [Fact]
    public void Rebuilding_after_a_schedule_change_keeps_the_programme_on_air_whole_and_pads_to_the_grid()
    {
        var catalog = new CatalogBuilder().Show("Old", 1, 20, Min(22)).Show("New", 1, 20, Min(30));
        var oldSchedule = Daily([Series("old", "Old"), Series("new", "New")], null, Block("06:00", BlockKind.Fill, "old"));
        var newSchedule = Daily([Series("old", "Old"), Series("new", "New")], null, Block("06:00", BlockKind.Fill, "new"));
        var built = new ScheduleEngine(Channel(), oldSchedule, catalog.Snapshot()).Build(Day, Day.AddDays(1));
        var instant = Day.AddMinutes(30);

        var rebuilt = new ScheduleEngine(Channel(), newSchedule, catalog.Snapshot()).RebuildFrom(built.State, built.Entries, instant, Day.AddDays(1));

        // Episode 2 (06:22-06:44) is on air at 06:30: it plays to its end, then a slate to the 07:00 grid line.
        Assert.Equal(Day.AddMinutes(44), rebuilt.ReplaceFrom);
        Assert.Equal(TimelineEntryKind.Slate, rebuilt.Entries[0].Kind);
        Assert.Equal(Day.AddMinutes(22), rebuilt.Entries[0].GuideKey);
        Assert.Equal(Day.AddHours(1), rebuilt.Entries[1].Start);
        Assert.Equal("New", rebuilt.Entries[1].Programme.Title);
        AssertGapless([.. built.Entries.TakeWhile(e => e.Start < rebuilt.ReplaceFrom), .. rebuilt.Entries]);
    }
}
