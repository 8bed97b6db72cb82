using RetroVue.App.Guide;
using RetroVue.Web.Admin.Pages.Guide;

namespace RetroVue.Tests.Admin;

/// <summary>How the admin guide grid places one channel's programmes on its five-minute slots.</summary>
public sealed class GuideRowLayoutTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly GuideRowLayout Layout = new(From, TimeSpan.FromMinutes(5), 72, From.AddMinutes(47));

    [Fact]
    public void Half_hour_programmes_on_the_grid_each_get_six_slots_in_place()
    {
        var cells = Layout.Place([Programme("A", 0, 30), Programme("B", 30, 60)]);

        Assert.Equal([(2, 6, "A"), (8, 6, "B")], cells.Select(c => (c.Column, c.Span, c.Programme.Title)));
        Assert.All(cells, c => Assert.Equal(0, c.Others));
    }

    [Fact]
    public void A_programme_shorter_than_half_a_slot_is_still_drawn()
    {
        var cells = Layout.Place([Programme("Long", 0, 30), Programme("Short", 40, 41)]);

        var shortCell = Assert.Single(cells, c => c.Programme.Title == "Short");
        Assert.Equal((10, 1), (shortCell.Column, shortCell.Span));
    }

    [Fact]
    public void A_run_of_short_items_becomes_cells_of_at_most_half_an_hour_that_list_every_item_once_without_gaps()
    {
        var clips = Enumerable.Range(0, 270).Select(i => Programme($"Clip {i}", i * 40 / 60.0, (i + 1) * 40 / 60.0)).ToList(); // 3 hours of 40 s clips

        var cells = Layout.Place(clips);

        Assert.Equal(clips, cells.SelectMany(c => c.Programmes));
        Assert.All(cells, c => Assert.InRange(c.Span, 1, GuideRowLayout.MaxSharedSlots));
        Assert.Equal(2, cells[0].Column);
        Assert.All(cells.Zip(cells.Skip(1)), pair => Assert.Equal(pair.First.Column + pair.First.Span, pair.Second.Column));
        Assert.Equal(2 + 36, cells[^1].Column + cells[^1].Span);
    }

    [Fact]
    public void A_short_item_before_a_feature_takes_one_slot_and_the_feature_the_rest()
    {
        var cells = Layout.Place([Programme("Bumper", 0, 0.5), Programme("Feature", 0.5, 29)]);

        Assert.Equal([(2, 1, "Bumper"), (3, 5, "Feature")], cells.Select(c => (c.Column, c.Span, c.Programme.Title)));
    }

    [Fact]
    public void A_shared_cell_is_labelled_with_its_longest_item_and_spans_from_the_first_start_to_the_last_stop()
    {
        var cells = Layout.Place([Programme("Short 1", 0, 1), Programme("Longest", 1, 4.5), Programme("Short 2", 4.5, 5)]);

        var cell = Assert.Single(cells);
        Assert.Equal("Longest", cell.Programme.Title);
        Assert.Equal(2, cell.Others);
        Assert.Equal((From, From.AddMinutes(5)), (cell.Start, cell.Stop));
    }

    [Fact]
    public void A_long_programme_after_a_run_of_short_ones_keeps_a_cell_of_its_own()
    {
        var shorts = Enumerable.Range(0, 20).Select(i => Programme($"Short {i}", i, i + 1)).ToList();

        var cells = Layout.Place([.. shorts, Programme("Movie", 20, 110)]);

        var movie = Assert.Single(cells, c => c.Programme.Title == "Movie");
        Assert.Equal(0, movie.Others);
        Assert.Equal(2 + 110 / 5, movie.Column + movie.Span);
    }

    [Fact]
    public void A_programme_that_began_before_the_window_starts_at_its_edge_and_says_so()
    {
        var cells = Layout.Place([Programme("Earlier", -20, 10), Programme("Later", 10, 40)]);

        Assert.Equal((2, 2, true), (cells[0].Column, cells[0].Span, cells[0].StartedBefore));
        Assert.False(cells[1].StartedBefore);
    }

    [Fact]
    public void The_cell_holding_the_programme_on_air_is_marked_and_a_longer_programme_that_overlaps_its_slot_starts_after_it()
    {
        // Now is 12:47: C (12:46-12:48) is on air and, being short, shares B's cell; D is long enough for a cell of its own.
        var cells = Layout.Place([Programme("A", 0, 30), Programme("B", 30, 46), Programme("C", 46, 48), Programme("D", 48, 60)]);

        Assert.Equal([["A"], ["B", "C"], ["D"]], cells.Select(c => c.Programmes.Select(p => p.Title).ToArray()));
        Assert.Equal([false, true, false], cells.Select(c => c.OnAir));
        Assert.Equal((12, 2), (cells[2].Column, cells[2].Span));
    }

    [Fact]
    public void A_long_tooltip_lists_the_first_items_and_counts_the_rest()
    {
        var clips = Enumerable.Range(0, 12).Select(i => Programme($"Clip {i}", i, i + 1)).ToList();

        var label = GuideLabels.Describe(clips, t => t.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));

        Assert.StartsWith("Clip 0, 12:00 to 12:01; Clip 1, 12:01 to 12:02", label, StringComparison.Ordinal);
        Assert.EndsWith("; and 4 more until 12:12", label, StringComparison.Ordinal);
    }

    private static GridProgramme Programme(string title, double startMinutes, double stopMinutes) =>
        new(From.AddMinutes(startMinutes), From.AddMinutes(stopMinutes), title, null, null, null, false, Guid.NewGuid(), null);
}
