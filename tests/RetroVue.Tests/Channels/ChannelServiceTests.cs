using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.App.Scheduling;
using RetroVue.Domain.Common;
using RetroVue.Domain.Scheduling;

namespace RetroVue.Tests.Channels;

public sealed class ChannelServiceTests
{
    [Fact]
    public async Task Applying_a_file_creates_its_channels_with_dotted_installation_ids_and_keeps_each_document_for_export()
    {
        await using var harness = await ChannelHarness.CreateAsync();
        await harness.ShowAsync("Sitcom", 1, 4, TimeSpan.FromMinutes(22));
        var file = Yamls.Sitcoms("2", "Sitcoms") + "\n---\n# the second channel\n" + Yamls.Sitcoms("3", "More Sitcoms", id: "C3.more.retrovue");

        var applied = await harness.ApplyAsync(("lineup.yaml", file));

        var installation = await harness.QueryAsync(db => db.Settings.SingleAsync(s => s.Key == InstallationSetting.InstallationIdKey));
        Assert.Equal([ApplyOutcome.Created, ApplyOutcome.Created], applied.Select(a => a.Outcome));
        Assert.Equal(ChannelStableId.Mint(ChannelNumber.Parse("2"), Guid.Parse(installation.Value)), applied[0].Id);
        Assert.Equal("C3.more.retrovue", applied[1].Id);
        var list = await harness.Channels.ListAsync(CancellationToken.None);
        Assert.Equal(["2", "3"], list.Select(c => c.Number));
        Assert.All(list, c => Assert.Equal("lineup.yaml", c.ScheduleFile));

        var exported = await harness.Channels.ExportAsync(ChannelNumber.Parse("3"), CancellationToken.None);
        Assert.StartsWith("# the second channel\n# channel 3 for tests\nchannel:\n  id: C3.more.retrovue", exported, StringComparison.Ordinal);
        var all = await harness.Channels.ExportAsync(null, CancellationToken.None);
        var reapplied = await harness.ApplyAsync(("exported.yaml", all));
        Assert.All(reapplied, a => Assert.Equal(ApplyOutcome.Unchanged, a.Outcome));
    }

    [Fact]
    public async Task Reapplying_a_changed_document_updates_the_channel_in_place_and_keeps_its_id()
    {
        await using var harness = await ChannelHarness.CreateAsync();
        await harness.ShowAsync("Sitcom", 1, 4, TimeSpan.FromMinutes(22));
        var first = (await harness.ApplyAsync(("a.yaml", Yamls.Sitcoms("2", "Sitcoms"))))[0];

        var second = (await harness.ApplyAsync(("a.yaml", Yamls.Sitcoms("2", "Sitcoms Plus"))))[0];

        Assert.Equal(ApplyOutcome.Updated, second.Outcome);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal("Sitcoms Plus", Assert.Single(await harness.Channels.ListAsync(CancellationToken.None)).Name);
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        {
            "overlapping blocks",
            Yamls.Channel("2", "Bad", """
                pools:
                  - name: sitcom
                    series: [Sitcom]
                layers:
                  - name: day
                    days: all
                    blocks:
                      - at: "06:00"
                        kind: episodes
                        pool: sitcom
                      - at: "06:00"
                        kind: fill
                        pool: sitcom
                """),
            "bad.yaml:17: Overlapping blocks in layer 'day': another block already starts at 06:00 (line 14)."
        },
        {
            "off-grid time",
            Yamls.Channel("2", "Bad", """
                pools:
                  - name: sitcom
                    series: [Sitcom]
                layers:
                  - name: day
                    days: all
                    blocks:
                      - at: "06:10"
                        kind: episodes
                        pool: sitcom
                """),
            "bad.yaml:14: Block in layer 'day' starts at 06:10, which is off the 30-minute grid."
        },
        {
            "unknown series",
            Yamls.Channel("2", "Bad", """
                pools:
                  - name: sitcom
                    series: [Sitcomm]
                layers:
                  - name: day
                    days: all
                    blocks:
                      - at: "06:00"
                        kind: episodes
                        pool: sitcom
                """),
            "bad.yaml:8: Pool 'sitcom': series 'Sitcomm' is not in the catalog."
        },
        {
            "empty pool",
            Yamls.Channel("2", "Bad", """
                pools:
                  - name: short
                    series: [Sitcom]
                    max_duration: 1m
                layers:
                  - name: day
                    days: all
                    blocks:
                      - at: "06:00"
                        kind: fill
                        pool: short
                """),
            "bad.yaml:8: Pool 'short' matches nothing playable in the catalog."
        },
        {
            "items all longer than the block",
            Yamls.Channel("2", "Bad", """
                pools:
                  - name: movies
                    movies: true
                layers:
                  - name: day
                    days: all
                    blocks:
                      - at: "06:00"
                        kind: movie
                        pool: movies
                      - at: "06:30"
                        kind: movie
                        pool: movies
                """),
            "bad.yaml:14: Every item in pool 'movies' is longer than the 30m block at 06:00 in layer 'day' (the shortest lasts 1h35m)."
        },
        {
            "zero-length asset",
            Yamls.Channel("2", "Bad", """
                pools:
                  - name: broken
                    series: [Broken Show]
                layers:
                  - name: day
                    days: all
                    blocks:
                      - at: "06:00"
                        kind: episodes
                        pool: broken
                """),
            "bad.yaml:8: Pool 'broken': 'Broken Show S01E01' (asset "
        },
        {
            "unknown time zone",
            Yamls.Channel("2", "Bad", """
                pools:
                  - name: sitcom
                    series: [Sitcom]
                layers:
                  - name: day
                    days: all
                    blocks:
                      - at: "06:00"
                        kind: episodes
                        pool: sitcom
                """, zone: "Mars/Olympus"),
            "bad.yaml:5: 'Mars/Olympus' is not a known time zone"
        },
        {
            "YAML syntax error",
            "channel:\n  number: \"2\"\n  name: [unclosed\n",
            "bad.yaml:4: YAML syntax error"
        },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_is_refused_naming_the_file_and_line_and_nothing_is_applied(string problem, string yaml, string expected)
    {
        await using var harness = await ChannelHarness.CreateAsync();
        await harness.ShowAsync("Sitcom", 1, 4, TimeSpan.FromMinutes(22));
        await harness.ShowAsync("Broken Show", 1, 1, TimeSpan.Zero);
        await harness.MovieAsync("Long Movie", 1990, TimeSpan.FromMinutes(95));
        await harness.ApplyAsync(("good.yaml", Yamls.Sitcoms("5", "Existing")));
        var before = await harness.ChannelTablesAsync();

        // The good file in the same set is not applied either: a set applies whole or not at all.
        var error = await Assert.ThrowsAsync<ScheduleValidationException>(() => harness.ApplyAsync(("ok.yaml", Yamls.Sitcoms("7", "Fine")), ("bad.yaml", yaml)));

        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), $"{problem}: expected '{expected}' in:\n{error.Message}");
        Assert.Contains("nothing was applied", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await harness.ChannelTablesAsync());
    }

    [Fact]
    public async Task A_channel_number_used_twice_in_one_set_is_refused_naming_both_places()
    {
        await using var harness = await ChannelHarness.CreateAsync();
        await harness.ShowAsync("Sitcom", 1, 4, TimeSpan.FromMinutes(22));

        var error = await Assert.ThrowsAsync<ScheduleValidationException>(() => harness.ApplyAsync(("a.yaml", Yamls.Sitcoms("2", "One")), ("b.yaml", Yamls.Sitcoms("2", "Two"))));

        Assert.Contains("b.yaml:3: Channel number 2 is already used by 'One' (a.yaml:3)", error.Message, StringComparison.Ordinal);
        Assert.Empty(await harness.Channels.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_channel_number_that_another_existing_channel_has_is_refused_and_nothing_changes()
    {
        await using var harness = await ChannelHarness.CreateAsync();
        await harness.ShowAsync("Sitcom", 1, 4, TimeSpan.FromMinutes(22));
        await harness.ApplyAsync(("a.yaml", Yamls.Sitcoms("2", "One", id: "C2.one.retrovue")));
        var before = await harness.ChannelTablesAsync();

        var error = await Assert.ThrowsAsync<ScheduleValidationException>(() => harness.ApplyAsync(("b.yaml", Yamls.Sitcoms("2", "Two", id: "C9.two.retrovue"))));

        Assert.Contains("b.yaml:4: Channel number 2 is already used by 'One' (C2.one.retrovue)", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await harness.ChannelTablesAsync());
    }

    [Fact]
    public async Task Removing_a_channel_deletes_its_schedule_and_timeline()
    {
        await using var harness = await ChannelHarness.CreateAsync();
        await harness.ShowAsync("Sitcom", 1, 4, TimeSpan.FromMinutes(22));
        await harness.ApplyAsync(("a.yaml", Yamls.Sitcoms("2", "One")), ("b.yaml", Yamls.Sitcoms("3", "Two")));
        await harness.BuildAsync(days: 1);

        var removed = await harness.Channels.RemoveAsync(ChannelNumber.Parse("2"), CancellationToken.None);

        Assert.Equal("One", removed.Name);
        Assert.Equal(["3"], (await harness.Channels.ListAsync(CancellationToken.None)).Select(c => c.Number));
        Assert.Equal(1, await harness.QueryAsync(db => db.ChannelPlayouts.CountAsync()));
        Assert.NotEmpty(await harness.TimelineAsync("3"));
        Assert.Equal(await harness.QueryAsync(db => db.TimelineEntries.CountAsync()), (await harness.TimelineAsync("3")).Count);
        await Assert.ThrowsAsync<NotFoundException>(() => harness.Channels.RemoveAsync(ChannelNumber.Parse("2"), CancellationToken.None));
    }
}
