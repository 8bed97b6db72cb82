using Microsoft.Extensions.Options;
using RetroVue.Adapters.Media;
using RetroVue.Adapters.Streaming.Ffmpeg;
using RetroVue.Adapters.Streaming.Sessions;
using RetroVue.App.Streaming;
using RetroVue.Domain.Scheduling;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Streaming;

/// <summary>
/// A stream that fell behind real time starts its next item part-way in to be back on the timeline. The picture that
/// item opens with must be the one its placement says, or the whole item airs off the guide.
/// </summary>
[Collection(StreamingCollection.Name)]
public sealed class CatchUpStartTests
{
    [Fact]
    public async Task A_copied_item_reached_a_little_late_starts_at_its_beginning_so_its_first_picture_is_where_it_is_placed()
    {
        using var media = TestMedia.CreateFolder();
        var asset = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("long-gop.mp4"), seconds: 12, gopFrames: 250, bFrames: true));

        var (opened, firstPicture) = await OpenAsync(asset, from: TimeSpan.FromSeconds(1.3), media.Path);

        Assert.Equal(EncodeMode.Copy, opened.Mode);
        Assert.Equal(TimeSpan.Zero, opened.Segment.From);
        Assert.True(Math.Abs((firstPicture - opened.Segment.From).TotalSeconds) <= 0.04, $"first picture at {firstPicture.TotalSeconds:0.00} s, placed as {opened.Segment.From.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task A_copied_item_reached_later_than_the_lead_is_transcoded_from_the_exact_catch_up_point()
    {
        using var media = TestMedia.CreateFolder();
        var asset = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("long-gop.mp4"), seconds: 12, gopFrames: 250, bFrames: true));
        var from = TimeSpan.FromSeconds(4.6);

        var (opened, firstPicture) = await OpenAsync(asset, from, media.Path);

        Assert.Equal(EncodeMode.Transcode, opened.Mode);
        Assert.Equal(from, opened.Segment.From);
        Assert.True(Math.Abs((firstPicture - from).TotalSeconds) <= 0.04, $"first picture at {firstPicture.TotalSeconds:0.00} s, placed as {from.TotalSeconds:0.00} s");
    }

    private static async Task<(OpenedFeed Opened, TimeSpan FirstPicture)> OpenAsync(PlayoutAsset asset, TimeSpan from, string workFolder)
    {
        // These tests measure where the first picture lands, not stalls: a loaded CI machine may pause ffmpeg's output
        // longer than the production watchdog's 0.5 s without anything being wrong with the feed.
        var options = new StreamingOptions { StallTimeoutSeconds = 10 };
        var tools = new FfmpegTools(Options.Create(new FfmpegOptions()));
        var opener = new FeedOpener(tools, new FfmpegChildren(), new DrawtextProbe(), options);
        var channel = new PlayoutChannel(ChannelNumber.Parse("1"), "One", StreamingHarness.SmallProfile);
        var start = new DateTimeOffset(2026, 12, 3, 20, 0, 0, TimeSpan.Zero);
        var item = new PlayoutItem
        {
            AssetId = asset.Id,
            FilePath = asset.FilePath,
            Streams = asset.Streams,
            InPoint = TimeSpan.Zero,
            Start = start,
            End = start.AddSeconds(12),
            Title = "Long GOP",
        };

        await using var opened = await opener.OpenAsync(channel, new Segment(item, from, Substitute: false), plainSlate: false, CancellationToken.None);
        using var output = new MemoryStream();
        while (output.Length < 400_000)
        {
            var block = await opened.Feed!.ReadAsync(CancellationToken.None);
            if (block.IsEmpty)
            {
                break;
            }

            output.Write(block.Span);
        }

        return (opened, await ContentClock.FirstFramePositionAsync(asset.FilePath, 25, output.ToArray(), workFolder));
    }
}
