using RetroVue.Adapters.Streaming.Ffmpeg;
using RetroVue.App.Streaming;
using RetroVue.Domain.Library;
using RetroVue.Domain.Scheduling;

namespace RetroVue.Tests.Streaming;

public sealed class FfmpegCommandBuilderTests
{
    private static readonly StreamingProfile Hd = new(1280, 720, 29.97, 4000, 192, TranscodeMode.Auto);
    private readonly FfmpegCommandBuilder _builder = new(EncoderSettings.Default);

    private static MediaStream Video(string codec = "h264", int width = 1280, int height = 720, double rate = 29.97, string format = "yuv420p", string order = "progressive") =>
        new() { Index = 0, Kind = StreamKind.Video, Codec = codec, Width = width, Height = height, FrameRate = rate, PixelFormat = format, FieldOrder = order };

    private static MediaStream Audio(string codec = "aac", int channels = 2, int rate = 48_000) =>
        new() { Index = 1, Kind = StreamKind.Audio, Codec = codec, Channels = channels, SampleRate = rate };

    [Fact]
    public void A_matching_file_joined_mid_item_is_transcoded_so_it_starts_on_the_exact_frame()
    {
        var command = _builder.ForFile("/media/show.mp4", [Video(), Audio()], TimeSpan.FromSeconds(75.5), TimeSpan.FromSeconds(1200), Hd, exactStart: true);

        Assert.Equal(EncodeMode.Transcode, command.Mode);
        Assert.Contains("exact frame", command.TranscodeReason, StringComparison.Ordinal);
        Assert.DoesNotContain("copy", command.Command.Arguments);
    }

    [Fact]
    public void A_file_matching_the_profile_is_copied_from_one_seeked_input()
    {
        var command = _builder.ForFile("/media/show.mp4", [Video(), Audio()], TimeSpan.FromSeconds(75.5), TimeSpan.FromSeconds(1200), Hd);

        Assert.Equal(EncodeMode.Copy, command.Mode);
        Assert.Equal(
            ["-nostdin", "-hide_banner", "-nostats", "-loglevel", "error",
                "-fflags", "+genpts+discardcorrupt", "-ss", "75.5", "-i", "file:/media/show.mp4",
                "-map", "0:v:0", "-map", "0:a:0", "-t", "1200", "-c", "copy",
                "-f", "mpegts", "-muxdelay", "0", "-muxpreload", "0", "-pes_payload_size", "0", "pipe:1"],
            command.Command.Arguments);
    }

    [Fact]
    public void A_file_in_another_format_is_normalized_to_the_profile()
    {
        var command = _builder.ForFile("/media/old.mkv", [Video("mpeg2video", 720, 576, 25), Audio("ac3", 6)], TimeSpan.Zero, TimeSpan.FromSeconds(30), Hd);

        Assert.Equal(EncodeMode.Transcode, command.Mode);
        Assert.Equal(
            ["-nostdin", "-hide_banner", "-nostats", "-loglevel", "error",
                "-fflags", "+genpts+discardcorrupt", "-i", "file:/media/old.mkv",
                "-map", "0:v:0", "-map", "0:a:0", "-t", "30", "-sn", "-dn",
                "-vf", "scale=1280:720:force_original_aspect_ratio=decrease,pad=1280:720:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=30000/1001,format=yuv420p",
                "-af", "aresample=48000:async=1:first_pts=0,aformat=channel_layouts=stereo",
                "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-profile:v", "high", "-pix_fmt", "yuv420p",
                "-b:v", "4000k", "-maxrate", "4000k", "-bufsize", "8000k",
                "-g", "30", "-keyint_min", "30", "-sc_threshold", "0", "-flags", "+cgop", "-bf", "0",
                "-c:a", "aac", "-b:a", "192k", "-ar", "48000", "-ac", "2",
                "-f", "mpegts", "-muxdelay", "0", "-muxpreload", "0", "-pes_payload_size", "0", "pipe:1"],
            command.Command.Arguments);
        Assert.Contains("mpeg2video", command.TranscodeReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_audio_gets_generated_silence_as_its_audio()
    {
        var command = _builder.ForFile("/media/silent.mp4", [Video("hevc")], TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), Hd);

        var arguments = command.Command.Arguments.ToList();
        var silence = arguments.IndexOf("anullsrc=channel_layout=stereo:sample_rate=48000");
        Assert.True(silence > arguments.IndexOf("file:/media/silent.mp4"), string.Join(' ', arguments));
        Assert.Equal(["-map", "0:v:0", "-map", "1:a:0"], arguments.Skip(silence + 1).Take(4));
    }

    [Fact]
    public void A_channel_set_to_always_transcode_transcodes_a_matching_file()
    {
        var always = new StreamingProfile(1280, 720, 29.97, 4000, 192, TranscodeMode.Always);

        var command = _builder.ForFile("/media/show.mp4", [Video(), Audio()], TimeSpan.Zero, TimeSpan.FromSeconds(5), always);

        Assert.Equal(EncodeMode.Transcode, command.Mode);
        Assert.Equal("the channel always transcodes", command.TranscodeReason);
    }

    [Fact]
    public void The_slate_draws_the_channel_name_and_message_over_a_colour_with_silence()
    {
        var arguments = _builder.ForSlate(Hd, "Retro: \"Two\" 100%", TimeSpan.FromSeconds(12.25), withText: true).Arguments.ToList();

        Assert.Equal(["-f", "lavfi", "-i", "color=c=0x101830:s=1280x720:r=30000/1001", "-f", "lavfi", "-i", "anullsrc=channel_layout=stereo:sample_rate=48000"], arguments.Skip(5).Take(8));
        Assert.Equal("12.25", arguments[arguments.IndexOf("-t") + 1]);
        var filters = arguments[arguments.IndexOf("-vf") + 1];
        Assert.Equal(
            "drawtext=text=Retro Two 100:fontcolor=white:fontsize=60:x=(w-text_w)/2:y=(h/2)-90:expansion=none," +
            "drawtext=text=We\u2019ll be right back:fontcolor=white:fontsize=40:x=(w-text_w)/2:y=(h/2)+30:expansion=none,setsar=1,format=yuv420p",
            filters);
        Assert.Contains("libx264", arguments);
        Assert.Equal("pipe:1", arguments[^1]);
    }

    [Fact]
    public void Without_drawtext_the_slate_is_a_plain_colour()
    {
        var arguments = _builder.ForSlate(Hd, "Two", TimeSpan.FromSeconds(3), withText: false).Arguments.ToList();

        Assert.Equal("setsar=1,format=yuv420p", arguments[arguments.IndexOf("-vf") + 1]);
    }

    [Theory]
    [InlineData(29.97, "30000/1001")]
    [InlineData(59.94, "60000/1001")]
    [InlineData(23.976, "24000/1001")]
    [InlineData(25, "25")]
    [InlineData(30, "30")]
    [InlineData(12.5, "12.5")]
    public void Frame_rates_are_written_exactly(double rate, string expected)
    {
        var profile = new StreamingProfile(640, 360, rate, 1000, 128, TranscodeMode.Always);

        var arguments = _builder.ForSlate(profile, "x", TimeSpan.FromSeconds(1), withText: false).Arguments;

        Assert.Contains($"color=c=0x101830:s=640x360:r={expected}", arguments);
    }

    [Fact]
    public void The_gop_is_fixed_to_the_configured_length_in_frames()
    {
        var builder = new FfmpegCommandBuilder(new EncoderSettings("ultrafast", TimeSpan.FromSeconds(2)));
        var profile = new StreamingProfile(640, 360, 25, 1000, 128, TranscodeMode.Always);

        var arguments = builder.ForSlate(profile, "x", TimeSpan.FromSeconds(1), withText: false).Arguments.ToList();

        Assert.Equal("50", arguments[arguments.IndexOf("-g") + 1]);
        Assert.Equal("50", arguments[arguments.IndexOf("-keyint_min") + 1]);
        Assert.Equal("ultrafast", arguments[arguments.IndexOf("-preset") + 1]);
    }
}

public sealed class CopyCompatibilityTests
{
    private static readonly StreamingProfile Sd = new(640, 360, 25, 1000, 128, TranscodeMode.Auto);

    private static MediaStream[] Streams(
        string videoCodec = "h264", int width = 640, int height = 360, double rate = 25, string? order = "progressive",
        string? audioCodec = "aac", int channels = 2, int sampleRate = 48_000)
    {
        var video = new MediaStream { Index = 0, Kind = StreamKind.Video, Codec = videoCodec, Width = width, Height = height, FrameRate = rate, PixelFormat = "yuv420p", FieldOrder = order };
        return audioCodec is null
            ? [video]
            : [video, new MediaStream { Index = 1, Kind = StreamKind.Audio, Codec = audioCodec, Channels = channels, SampleRate = sampleRate }];
    }

    [Fact]
    public void Matching_h264_and_aac_stereo_48k_is_copied() => Assert.Equal(EncodeMode.Copy, CopyCompatibility.Choose(Sd, Streams()));

    [Theory]
    [InlineData("hevc", 640, 360, 25, "progressive", "aac", 2, 48000, "hevc")]
    [InlineData("h264", 1280, 720, 25, "progressive", "aac", 2, 48000, "1280x720")]
    [InlineData("h264", 640, 360, 29.97, "progressive", "aac", 2, 48000, "29.97")]
    [InlineData("h264", 640, 360, 25, "tt", "aac", 2, 48000, "interlaced")]
    [InlineData("h264", 640, 360, 25, "progressive", "ac3", 2, 48000, "ac3")]
    [InlineData("h264", 640, 360, 25, "progressive", "aac", 1, 48000, "1 channels")]
    [InlineData("h264", 640, 360, 25, "progressive", "aac", 2, 44100, "44100 Hz")]
    [InlineData("h264", 640, 360, 25, "progressive", null, 2, 48000, "no audio")]
    public void Any_difference_from_the_profile_means_transcoding(string codec, int width, int height, double rate, string order, string? audio, int channels, int sampleRate, string reason)
    {
        var streams = Streams(codec, width, height, rate, order, audio, channels, sampleRate);

        Assert.Equal(EncodeMode.Transcode, CopyCompatibility.Choose(Sd, streams));
        Assert.Contains(reason, CopyCompatibility.Mismatch(Sd, streams), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_streams_are_transcoded() => Assert.Equal(EncodeMode.Transcode, CopyCompatibility.Choose(Sd, []));
}
