using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.App.Scheduling;
using RetroVue.Domain.Library;
using RetroVue.Domain.Review;
using RetroVue.Domain.Scheduling;

namespace RetroVue.Tests.Channels;

public sealed class PlayoutServiceTests
{


    [Fact]
    public async Task Extending_a_stored_timeline_later_gives_exactly_the_timeline_one_build_would_have_given()
    {
        await using var harness = await SeededAsync();
        await harness.ApplyAsync(("c.yaml", Yamls.Channel("2", "Classic", Yamls.SitcomsFillerAndMovies)));
        var first = Assert.Single(await harness.BuildAsync(days: 1));
        harness.Clock.Advance(TimeSpan.FromHours(30));

        var second = Assert.Single(await harness.BuildAsync(days: 1));

        Assert.Equal(PlayoutAction.Built, first.Action);
        Assert.Equal(PlayoutAction.Extended, second.Action);
        Assert.Equal(first.BuiltUntil, second.ReplacedFrom);
        var stored = (await harness.TimelineAsync("2")).Select(e => e.ToTimelineEntry()).ToList();
        Assert.Null(TimelineChecks.FirstProblem(stored));
        var atOnce = await BuildDirectlyAsync(harness, "2", ChannelHarness.Monday6.AddMinutes(10), harness.Clock.Now.AddDays(1));
        Assert.Equal(atOnce.Take(stored.Count), stored);
        Assert.True(stored.Count > 100);
    }

    [Fact]
    public async Task A_schedule_change_rebuilds_only_the_future_and_never_cuts_the_programme_on_air()
    {
        await using var harness = await SeededAsync();
        await harness.ApplyAsync(("c.yaml", Yamls.Sitcoms()));
        await harness.BuildAsync(days: 1);
        var before = await harness.TimelineAsync("2");
        harness.Clock.Now = ChannelHarness.Monday6.AddHours(3).AddMinutes(7);
        var onAir = before.Single(e => e.Start <= harness.Clock.Now && e.End > harness.Clock.Now);

        var applied = await harness.ApplyAsync(("c.yaml", Yamls.Channel("2", "Sitcoms", Yamls.SitcomsFillerAndMovies)));
        Assert.True((await harness.Channels.ListAsync(CancellationToken.None)).Single().RebuildPending);
        var rebuilt = Assert.Single(await harness.BuildAsync(days: 1));

        Assert.Equal(ApplyOutcome.Updated, Assert.Single(applied).Outcome);
        Assert.Equal(PlayoutAction.Rebuilt, rebuilt.Action);
        var programmeEnd = before.Where(e => e.GuideKey == onAir.GuideKey).Max(e => e.End);
        Assert.Equal(programmeEnd, rebuilt.ReplacedFrom);
        var after = await harness.TimelineAsync("2");
        Assert.Null(TimelineChecks.FirstProblem(after.Select(e => e.ToTimelineEntry()).ToList()));
        Assert.Equal(
            before.Where(e => e.Start < programmeEnd).Select(e => e.ToTimelineEntry()),
            after.Where(e => e.Start < programmeEnd).Select(e => e.ToTimelineEntry()));
        Assert.Contains(after, e => e.Start == ChannelHarness.Monday6.AddHours(14) && e.IsMovie);
        Assert.False((await harness.Channels.ListAsync(CancellationToken.None)).Single().RebuildPending);
    }

    [Fact]
    public async Task Reset_throws_the_stored_timeline_away_and_builds_from_the_block_on_air_now()
    {
        await using var harness = await SeededAsync();
        await harness.ApplyAsync(("c.yaml", Yamls.Sitcoms()));
        await harness.BuildAsync(days: 1);
        harness.Clock.Advance(TimeSpan.FromHours(5));

        var reset = Assert.Single(await harness.BuildAsync(reset: true, days: 1));

        Assert.Equal(PlayoutAction.Built, reset.Action);
        var entries = await harness.TimelineAsync("2");
        // The new timeline begins where the block on air began, as if the channel had always run this way.
        Assert.Equal(ChannelHarness.Monday6, entries[0].Start);
        Assert.True(entries[^1].End >= harness.Clock.Now.AddDays(1));
        var firstProgramme = entries.First(e => e.Kind == TimelineEntryKind.Program);
        Assert.Equal((1, 1), (firstProgramme.SeasonNumber, firstProgramme.EpisodeNumber));
    }

    [Fact]
    public async Task A_built_timeline_reaching_the_horizon_is_left_alone_and_the_horizon_is_configurable()
    {
        await using var harness = await SeededAsync(new Dictionary<string, string?> { ["Playout:HorizonDays"] = "2" });
        await harness.ApplyAsync(("c.yaml", Yamls.Sitcoms()));

        var built = Assert.Single(await harness.BuildAsync());
        var again = Assert.Single(await harness.BuildAsync());

        // A build ends with the slot that reaches the horizon: here the all-day block.
        Assert.InRange(built.BuiltUntil!.Value, harness.Clock.Now.AddDays(2), harness.Clock.Now.AddDays(3));
        Assert.Equal(PlayoutAction.UpToDate, again.Action);
        await Assert.ThrowsAsync<UserFacingException>(() => harness.BuildAsync(days: 61));
    }

    [Fact]
    public async Task A_retired_episode_is_skipped_with_a_review_item_and_never_scheduled()
    {
        await using var harness = await SeededAsync();
        var sitcom = await harness.QueryAsync(db => db.Assets.Where(a => a.CanonicalPath.Contains("/Sitcom/")).OrderBy(a => a.CanonicalPath).Select(a => a.Id).ToListAsync());
        await harness.AlterAssetAsync(sitcom[1], a => a.Retire(ChannelHarness.Monday6));
        await harness.ApplyAsync(("c.yaml", Yamls.Sitcoms()));

        var result = Assert.Single(await harness.BuildAsync(days: 1));

        Assert.Equal(1, result.Skipped);
        var review = await harness.QueryAsync(db => db.ReviewItems.SingleAsync());
        Assert.Equal((sitcom[1], ReviewReason.MissingAtBuild), (review.AssetId, review.Reason));
        Assert.Contains("Channel 2 (Sitcoms), pool 'sitcom'", review.Details, StringComparison.Ordinal);
        Assert.DoesNotContain(await harness.TimelineAsync("2"), e => e.AssetId == sitcom[1]);
    }

    [Fact]
    public async Task Now_playing_gives_the_entry_on_air_the_offset_into_it_and_what_follows()
    {
        await using var harness = await SeededAsync();
        await harness.ApplyAsync(("c.yaml", Yamls.Channel("2", "Classic", Yamls.SitcomsFillerAndMovies)));
        await harness.BuildAsync(days: 1);
        var at = ChannelHarness.Monday6.AddMinutes(41).AddSeconds(17);

        var now = await harness.Timeline.NowAsync(ChannelNumber.Parse("2"), at, 3, CancellationToken.None);

        var stored = await harness.TimelineAsync("2");
        var expected = stored.Single(e => e.Start <= at && e.End > at);
        Assert.Equal(expected.Start, now.Current.Start);
        Assert.Equal((at - expected.Start).TotalSeconds, now.OffsetSeconds, 6);
        Assert.Equal(stored.Where(e => e.Start >= expected.End).Take(3).Select(e => e.Start), now.Next.Select(e => e.Start));
        await Assert.ThrowsAsync<NotFoundException>(() => harness.Timeline.NowAsync(ChannelNumber.Parse("2"), ChannelHarness.Monday6.AddDays(-3), 3, CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => harness.Timeline.NowAsync(ChannelNumber.Parse("9"), at, 3, CancellationToken.None));
    }

    [Fact]
    public async Task The_catalog_loader_makes_items_with_break_points_and_availability_and_guide_text()
    {
        await using var harness = await SeededAsync();
        var assets = await harness.ShowAsync("Acts", 1, 3, TimeSpan.FromMinutes(20), summary: "A show in acts");
        await harness.QueryAsync(async db =>
        {
            db.Markers.Add(new Marker(assets[0], MarkerKind.Chapter, TimeSpan.FromMinutes(7), null, "Act 2"));
            db.Markers.Add(new Marker(assets[0], MarkerKind.Chapter, TimeSpan.FromMinutes(14), null, "Act 3"));
            return await db.SaveChangesAsync();
        });
        await harness.AlterAssetAsync(assets[1], a => a.Retire(ChannelHarness.Monday6));
        await harness.AlterAssetAsync(assets[2], a => a.FailProbe("broken", ChannelHarness.Monday6));

        var catalog = await harness.Get<IUnitOfWork>().ExecuteAsync((db, ct) => harness.Get<CatalogSnapshotLoader>().LoadAsync(db, ct), CancellationToken.None);

        var items = catalog.Snapshot.Items.Where(i => i.TitleName == "Acts").ToList();
        Assert.Equal([TimeSpan.FromMinutes(7), TimeSpan.FromMinutes(14)], items[0].BreakPoints);
        Assert.Equal([ItemAvailability.Available, ItemAvailability.Retired, ItemAvailability.Missing], items.Select(i => i.Availability));
        Assert.Equal((1, 2, "Acts 1x2"), (items[1].SeasonNumber, items[1].EpisodeNumber, items[1].EpisodeTitle));
        var first = catalog.DetailsFor(GuideProgramme.Of(items[0]));
        var second = catalog.DetailsFor(GuideProgramme.Of(items[1]));
        Assert.Equal(new GuideDetails("Episode one of season 1 & more <fun>", "19910101", "Series", null), first);
        Assert.Equal(new GuideDetails("A show in acts", "19910102", "Series", null), second);
        var movie = catalog.Snapshot.Items.Single(i => i.TitleName == "Mandelbrot Journey");
        Assert.Equal(new GuideDetails("A trip into the set.", "1986", "Movie", null), catalog.DetailsFor(GuideProgramme.Of(movie)));
    }

    /// <summary>A sitcom of 2 x 10 episodes of 22 minutes, 40 ads of 30-90 s, two movies.</summary>
    internal static async Task<ChannelHarness> SeededAsync(IDictionary<string, string?>? settings = null)
    {
        var harness = await ChannelHarness.CreateAsync(settings);
        await harness.ShowAsync("Sitcom", 2, 10, TimeSpan.FromMinutes(22) + TimeSpan.FromSeconds(13.5));
        var random = new Random(7);
        await harness.ShowAsync("Ads", 1, 40, TimeSpan.FromSeconds(30));
        var ads = await harness.QueryAsync(db => db.Assets.Where(a => a.CanonicalPath.Contains("/Ads/")).Select(a => a.Id).ToListAsync());
        foreach (var ad in ads)
        {
            var seconds = random.Next(30, 90);
            await harness.AlterAssetAsync(ad, a => a.CompleteProbe(new ProbeResult { Duration = TimeSpan.FromSeconds(seconds), Streams = [.. a.Streams] }, ChannelHarness.Monday6));
        }

        await harness.MovieAsync("Mandelbrot Journey", 1986, TimeSpan.FromMinutes(95), "A trip into the set.");
        await harness.MovieAsync("Color Bars & \"Forever\"", 1979, TimeSpan.FromMinutes(88));
        return harness;
    }

    /// <summary>What the engine builds in one go over the same stored channel, schedule and catalog.</summary>
    internal static async Task<List<TimelineEntry>> BuildDirectlyAsync(ChannelHarness harness, string number, DateTimeOffset from, DateTimeOffset to)
    {
        var catalog = await harness.Get<IUnitOfWork>().ExecuteAsync((db, ct) => harness.Get<CatalogSnapshotLoader>().LoadAsync(db, ct), CancellationToken.None);
        var (channel, playout) = await harness.QueryAsync(async db =>
        {
            var n = ChannelNumber.Parse(number);
            var c = await db.Channels.AsNoTracking().SingleAsync(x => x.Number == n);
            return (c, await db.ChannelPlayouts.AsNoTracking().SingleAsync(p => p.ChannelId == c.Id));
        });
        return [.. new ScheduleEngine(channel, StoredSchedule.Parse(channel, playout), catalog.Snapshot).Build(from, to).Entries];
    }
}
