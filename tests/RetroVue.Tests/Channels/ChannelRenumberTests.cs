using RetroVue.App.Scheduling;
using RetroVue.Domain.Scheduling;

namespace RetroVue.Tests.Channels;

/// <summary>Renumbering several channels in one apply: numbers may move between them, but never end up shared.</summary>
public sealed class ChannelRenumberTests
{
    private const string X = "C2.x.retrovue";
    private const string Y = "C3.y.retrovue";
    private const string Z = "C4.z.retrovue";

    [Fact]
    public async Task Two_channels_swap_numbers_in_one_apply_and_keep_their_ids_schedules_and_timelines()
    {
        await using var harness = await SeededAsync();
        await harness.ApplyAsync(("a.yaml", Yamls.Sitcoms("2", "Xavier", id: X)), ("b.yaml", Yamls.Sitcoms("3", "Yolanda", id: Y)));
        await harness.BuildAsync(days: 1);
        var xTimeline = await harness.TimelineAsync("2");

        var applied = await harness.ApplyAsync(("a.yaml", Yamls.Sitcoms("3", "Xavier", id: X)), ("b.yaml", Yamls.Sitcoms("2", "Yolanda", id: Y)));

        Assert.Equal([(X, "3", ApplyOutcome.Updated), (Y, "2", ApplyOutcome.Updated)], applied.Select(a => (a.Id, a.Number, a.Outcome)));
        var list = await harness.Channels.ListAsync(CancellationToken.None);
        Assert.Equal([("2", Y, "Yolanda"), ("3", X, "Xavier")], list.Select(c => (c.Number, c.Id, c.Name)));
        Assert.Equal(xTimeline.Select(e => e.ToTimelineEntry()), (await harness.TimelineAsync("3")).Select(e => e.ToTimelineEntry()));
        Assert.Contains("number: \"3\"", await harness.Channels.ExportAsync(ChannelNumber.Parse("3"), CancellationToken.None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Three_channels_rotate_their_numbers_in_one_apply()
    {
        await using var harness = await SeededAsync();
        await harness.ApplyAsync(("a.yaml", Yamls.Sitcoms("2", "Xavier", id: X)), ("b.yaml", Yamls.Sitcoms("3", "Yolanda", id: Y)), ("c.yaml", Yamls.Sitcoms("4", "Zelda", id: Z)));

        await harness.ApplyAsync(("a.yaml", Yamls.Sitcoms("3", "Xavier", id: X)), ("b.yaml", Yamls.Sitcoms("4", "Yolanda", id: Y)), ("c.yaml", Yamls.Sitcoms("2", "Zelda", id: Z)));

        var list = await harness.Channels.ListAsync(CancellationToken.None);
        Assert.Equal([("2", Z), ("3", X), ("4", Y)], list.Select(c => (c.Number, c.Id)));
    }

    [Fact]
    public async Task Two_channels_ending_with_one_number_are_refused_naming_both_files_and_nothing_is_applied()
    {
        await using var harness = await SeededAsync();
        await harness.ApplyAsync(("a.yaml", Yamls.Sitcoms("2", "Xavier", id: X)), ("b.yaml", Yamls.Sitcoms("3", "Yolanda", id: Y)));
        var before = await harness.ChannelTablesAsync();

        var error = await Assert.ThrowsAsync<ScheduleValidationException>(
            () => harness.ApplyAsync(("a.yaml", Yamls.Sitcoms("3", "Xavier Moved", id: X)), ("b.yaml", Yamls.Sitcoms("3", "Yolanda", id: Y))));

        Assert.Contains("b.yaml:4: Channel number 3 is already used by 'Xavier Moved' (a.yaml:4)", error.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was applied", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await harness.ChannelTablesAsync());
    }

    [Fact]
    public async Task Moving_onto_the_number_of_a_channel_the_set_leaves_alone_is_refused_naming_it_and_nothing_is_applied()
    {
        await using var harness = await SeededAsync();
        await harness.ApplyAsync(("a.yaml", Yamls.Sitcoms("2", "Xavier", id: X)), ("b.yaml", Yamls.Sitcoms("3", "Yolanda", id: Y)));
        var before = await harness.ChannelTablesAsync();

        // Half a swap: Yolanda keeps 3, so Xavier cannot have it.
        var error = await Assert.ThrowsAsync<ScheduleValidationException>(
            () => harness.ApplyAsync(("a.yaml", Yamls.Sitcoms("3", "Xavier", id: X)), ("c.yaml", Yamls.Sitcoms("7", "New"))));

        Assert.Contains($"a.yaml:4: Channel number 3 is already used by 'Yolanda' ({Y})", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await harness.ChannelTablesAsync());
    }

    private static async Task<ChannelHarness> SeededAsync()
    {
        var harness = await ChannelHarness.CreateAsync();
        await harness.ShowAsync("Sitcom", 1, 4, TimeSpan.FromMinutes(22));
        return harness;
    }
}
