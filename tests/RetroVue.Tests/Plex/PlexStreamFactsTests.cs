using RetroVue.Adapters.Plex;
using RetroVue.Domain.Library;

namespace RetroVue.Tests.Plex;

public sealed class PlexStreamFactsTests
{
    [Theory]
    [InlineData("24p", 23.976)]
    [InlineData("NTSC", 29.970)]
    [InlineData("ntsc", 29.970)]
    [InlineData("PAL", 25.0)]
    [InlineData("25p", 25.0)]
    [InlineData("50i", 50.0)]
    [InlineData("60p", 59.940)]
    [InlineData("23.976", 23.976)]
    [InlineData("48", 48.0)]
    public void Reads_plex_frame_rate_names(string name, double expected)
    {
        Assert.Equal(expected, PlexStreamFacts.FrameRate(name)!.Value, 3);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("fast")]
    [InlineData("-5p")]
    public void An_unknown_frame_rate_is_left_unknown(string? name)
    {
        Assert.Null(PlexStreamFacts.FrameRate(name));
    }

    [Fact]
    public void Builds_a_probe_result_from_a_version_and_its_file()
    {
        var media = new PlexMedia
        {
            Container = "mkv",
            Duration = 2_911_520,
            Bitrate = 11961,
            Width = 3840,
            Height = 2160,
            VideoCodec = "hevc",
            VideoProfile = "main 10",
            VideoFrameRate = "24p",
            AudioCodec = "dca",
            AudioChannels = 6,
        };

        var facts = PlexStreamFacts.For(media, new PlexPart { Duration = 2_911_520 }, partCount: 1)!;

        Assert.Equal("mkv", facts.Container);
        Assert.Equal(TimeSpan.FromMilliseconds(2_911_520), facts.Duration);
        Assert.Equal(11_961_000, facts.BitRate);
        Assert.True(facts.HasVideo && facts.HasUsableDuration);
        var video = facts.Streams[0];
        Assert.Equal((StreamKind.Video, "hevc", "main 10", 3840, 2160), (video.Kind, video.Codec, video.Profile, video.Width, video.Height));
        var audio = facts.Streams[1];
        Assert.Equal((StreamKind.Audio, "dts", 6), (audio.Kind, audio.Codec, audio.Channels));
    }

    [Fact]
    public void A_part_of_a_multi_part_version_does_not_take_the_versions_total_duration()
    {
        var media = new PlexMedia { Duration = 7_200_000, VideoCodec = "h264" };

        Assert.Null(PlexStreamFacts.For(media, new PlexPart(), partCount: 2)!.Duration);
        Assert.Equal(TimeSpan.FromHours(1), PlexStreamFacts.For(media, new PlexPart { Duration = 3_600_000 }, partCount: 2)!.Duration);
    }

    [Fact]
    public void Without_duration_or_video_codec_there_are_no_known_facts_and_the_file_gets_probed()
    {
        Assert.Null(PlexStreamFacts.For(new PlexMedia { AudioCodec = "aac" }, new PlexPart(), partCount: 1));
    }
}
