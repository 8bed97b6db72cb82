using Microsoft.EntityFrameworkCore;
using RetroVue.App.Streaming;
using RetroVue.Domain.Review;
using RetroVue.Domain.Scheduling;

namespace RetroVue.Tests.Channels;

/// <summary>What a channel could not play reaches the review queue once per file and cause, each with its own remedy.</summary>
public sealed class PlaybackFaultReviewTests
{
    [Fact]
    public async Task A_file_that_fails_again_for_the_same_cause_keeps_one_review_item_and_a_new_cause_opens_its_own()
    {
        await using var harness = await ChannelHarness.CreateAsync();
        var asset = (await harness.ShowAsync("Remote Show", seasons: 1, episodes: 1, TimeSpan.FromMinutes(22)))[0];
        var sink = new ReviewQueueFaultSink(harness.Get<App.Common.IUnitOfWork>(), harness.Clock);
        var channel = ChannelNumber.Parse("4");

        await sink.ReportAsync(new PlaybackFault(channel, asset, "/nas/a.mkv", "Plex refused the token (401)", harness.Clock.Now, ReviewReason.RemoteRefused), CancellationToken.None);
        await sink.ReportAsync(new PlaybackFault(channel, asset, "/nas/a.mkv", "Plex refused the token (403)", harness.Clock.Now, ReviewReason.RemoteRefused), CancellationToken.None);
        await sink.ReportAsync(new PlaybackFault(channel, asset, "/nas/a.mkv", "Plex no longer has the part (404)", harness.Clock.Now, ReviewReason.RemoteGone), CancellationToken.None);
        await sink.ReportAsync(new PlaybackFault(channel, asset, "/nas/a.mkv", "ffmpeg produced no playable video", harness.Clock.Now), CancellationToken.None);

        var items = await harness.QueryAsync(db => db.ReviewItems.Where(r => r.AssetId == asset).OrderBy(r => r.Reason).ToListAsync());
        Assert.Equal([ReviewReason.PlaybackFailed, ReviewReason.RemoteRefused, ReviewReason.RemoteGone], items.Select(r => r.Reason).Order());
        Assert.Contains("(403)", items.Single(r => r.Reason == ReviewReason.RemoteRefused).Details, StringComparison.Ordinal);
        Assert.All(items, r => Assert.Equal(ReviewStatus.Pending, r.Status));
    }
}
