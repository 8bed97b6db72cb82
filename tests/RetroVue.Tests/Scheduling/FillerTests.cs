using RetroVue.Domain.Library;
using RetroVue.Domain.Scheduling;
using static RetroVue.Tests.Scheduling.Schedules;

namespace RetroVue.Tests.Scheduling;

public sealed class FillerTests
{
    private static readonly DateTimeOffset Day = Jan6.AddHours(6);

    private static List<TimelineEntry> Build(CatalogBuilder catalog, FillerSettings filler, TimeSpan episode, IReadOnlyList<TimeSpan>? breaks = null, int days = 1)
    {
        catalog.Show("Show", 3, 30, episode, [.. breaks ?? []]);
        var pools = new List<ContentPool> { Series("show", "Show"), Series("ads", "Ads"), Series("bumpers", "Bumpers") };
        var schedule = Daily(pools, filler, Block("06:00", BlockKind.Episodes, "show"));
        var entries = new ScheduleEngine(Channel(), schedule, catalog.Snapshot()).Build(Day, Day.AddDays(days)).Entries.ToList();
        AssertGapless(entries);
        return entries;
    }

    [Fact]
    public void Pre_and_post_roll_bumpers_wrap_each_programme_inside_its_guide_entry()
    {
        var catalog = new CatalogBuilder().Interstitials("Bumpers", TimeSpan.FromSeconds(10));
        var entries = Build(catalog, new FillerSettings { PreRollPool = "bumpers", PostRollPool = "bumpers" }, Min(25));

        Assert.Equal(TimelineEntryKind.Filler, entries[0].Kind);
        Assert.Equal(Day, entries[0].Start);
        Assert.Equal(TimelineEntryKind.Program, entries[1].Kind);
        Assert.Equal(TimelineEntryKind.Filler, entries[2].Kind);
        Assert.Equal(TimelineEntryKind.Slate, entries[3].Kind);
        Assert.Single(entries.Take(4).Select(e => e.GuideKey).Distinct());
        Assert.Equal(Day.AddMinutes(30), entries[4].Start);
    }

    [Fact]
    public void Pad_fills_to_the_next_grid_line_from_the_interstitial_pool_then_slate_covers_what_no_item_fits()
    {
        var catalog = new CatalogBuilder().Interstitials("Ads", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(30));
        var entries = Build(catalog, new FillerSettings { PadPool = "ads" }, TimeSpan.FromMinutes(27) + TimeSpan.FromSeconds(50));

        var firstPad = entries.Skip(1).TakeWhile(e => e.Start < Day.AddMinutes(30)).ToList();
        Assert.Contains(firstPad, e => e.Kind == TimelineEntryKind.Filler);
        Assert.Equal(Day.AddMinutes(30), firstPad[^1].End);
        Assert.All(firstPad, e => Assert.Equal(Day, e.GuideKey));
        Assert.Equal(Day.AddMinutes(30), Programmes(entries)[1].Start);
    }

    [Fact]
    public void A_filler_item_never_restarts_within_its_cooldown()
    {
        var catalog = new CatalogBuilder().Interstitials("Ads", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60));
        var entries = Build(catalog, new FillerSettings { PadPool = "ads", Cooldown = TimeSpan.FromMinutes(45) }, Min(27));

        foreach (var group in entries.Where(e => e.Kind == TimelineEntryKind.Filler).GroupBy(e => e.AssetId))
        {
            var starts = group.Select(e => e.Start).ToList();
            Assert.All(starts.Zip(starts.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromMinutes(45)));
        }

        // Three ads, each resting 45 minutes, cannot fill every 3-minute pad: slate takes the rest.
        Assert.Contains(entries, e => e.Kind == TimelineEntryKind.Slate);
    }

    [Fact]
    public void The_per_day_cap_limits_how_often_one_filler_item_plays_in_a_broadcast_day()
    {
        var catalog = new CatalogBuilder().Interstitials("Ads", TimeSpan.FromSeconds(30));
        var entries = Build(catalog, new FillerSettings { PadPool = "ads", MaxPerDay = 5 }, Min(29), days: 2);

        var perDay = entries.Where(e => e.Kind == TimelineEntryKind.Filler).GroupBy(e => e.Start < Day.AddDays(1)).Select(g => g.Count()).ToList();
        Assert.Equal([5, 5], perDay);
    }

    [Fact]
    public void Mid_roll_breaks_go_at_avail_markers_and_the_programme_continues_where_it_stopped()
    {
        var catalog = new CatalogBuilder().Interstitials("Ads", TimeSpan.FromSeconds(30));
        var breaks = CatalogItem.BreakPointsFrom(
            [(MarkerKind.Chapter, Min(5)), (MarkerKind.Avail, Min(8)), (MarkerKind.Avail, Min(16))], Min(24));
        var entries = Build(catalog, new FillerSettings { MidRollPool = "ads", MidRollMaxBreak = TimeSpan.FromMinutes(1) }, Min(24), breaks);

        Assert.Equal([Min(8), Min(16)], breaks);
        var first = entries.TakeWhile(e => e.Start < Day.AddMinutes(30)).ToList();
        Assert.Equal(
            [TimelineEntryKind.Program, TimelineEntryKind.Filler, TimelineEntryKind.Filler, TimelineEntryKind.Program, TimelineEntryKind.Filler, TimelineEntryKind.Filler, TimelineEntryKind.Program, TimelineEntryKind.Slate],
            first.Select(e => e.Kind));
        Assert.Equal((Min(0), Min(8)), (first[0].InPoint, first[0].OutPoint));
        Assert.Equal((Min(8), Min(16)), (first[3].InPoint, first[3].OutPoint));
        Assert.Equal((Min(16), Min(24)), (first[6].InPoint, first[6].OutPoint));
        Assert.Equal(Day.AddMinutes(26), first[6].End);
    }

    [Fact]
    public void A_programme_without_markers_gets_no_mid_roll_break()
    {
        var catalog = new CatalogBuilder().Interstitials("Ads", TimeSpan.FromSeconds(30));
        var entries = Build(catalog, new FillerSettings { MidRollPool = "ads" }, Min(24));

        Assert.All(entries.Where(e => e.Kind == TimelineEntryKind.Program), e => Assert.Equal(TimeSpan.Zero, e.InPoint));
        Assert.DoesNotContain(entries, e => e.Kind == TimelineEntryKind.Filler);
    }

    [Fact]
    public void Chapter_markers_are_the_break_points_when_a_file_has_no_avails()
    {
        var points = CatalogItem.BreakPointsFrom([(MarkerKind.Chapter, TimeSpan.Zero), (MarkerKind.Chapter, Min(10)), (MarkerKind.Intro, Min(1))], Min(20));

        Assert.Equal([Min(10)], points);
    }

    [Fact]
    public void Filler_never_makes_the_next_block_start_late()
    {
        var catalog = new CatalogBuilder().Interstitials("Ads", TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(70)).Interstitials("Bumpers", TimeSpan.FromSeconds(15));
        var filler = new FillerSettings { PreRollPool = "bumpers", PostRollPool = "bumpers", PadPool = "ads", MidRollPool = "ads" };
        var entries = Build(catalog, filler, TimeSpan.FromMinutes(29) + TimeSpan.FromSeconds(40), [Min(10), Min(20)]);

        var starts = entries.Select(e => e.Start).ToHashSet();
        for (var slot = 0; slot < 48; slot++)
        {
            Assert.Contains(Day.AddMinutes(30 * slot), starts);
        }
    }
}
