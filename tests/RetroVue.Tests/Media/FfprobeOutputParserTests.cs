using System.Globalization;
using RetroVue.Adapters.Media.Probing;
using RetroVue.Adapters.Processes;
using RetroVue.Domain.Library;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Media;

public sealed class FfprobeOutputParserTests
{
    [Fact]
    public async Task Parses_the_json_ffprobe_prints_for_a_generated_clip()
    {
        using var folder = TestMedia.CreateFolder();
        var clip = await TestMedia.VideoAsync(folder.File("clip.mkv"), seconds: 2, width: 320, height: 240, frameRate: "30000/1001", audio: TestAudio.Mono);
        var ffprobe = await ProcessRunner.RunAsync(
            "ffprobe", ["-v", "error", "-show_format", "-show_streams", "-show_chapters", "-of", "json", clip], TimeSpan.FromSeconds(30));
        Assert.True(ffprobe.Succeeded, ffprobe.StandardError);

        var probe = FfprobeOutputParser.Parse(ffprobe.StandardOutput);

        Assert.Equal("matroska,webm", probe.Container);
        Assert.InRange(probe.Duration!.Value.TotalSeconds, 1.9, 2.2);
        Assert.True(probe.BitRate > 0);
        var video = Assert.Single(probe.Streams, s => s.Kind == StreamKind.Video);
        Assert.Equal(("h264", 320, 240, 29.97, "yuv420p"), (video.Codec, video.Width, video.Height, video.FrameRate, video.PixelFormat));
        var audio = Assert.Single(probe.Streams, s => s.Kind == StreamKind.Audio);
        Assert.Equal(("aac", 1, 48000, (int?)null), (audio.Codec, audio.Channels, audio.SampleRate, audio.Width));
        Assert.Null(audio.FrameRate);
    }

    [Fact]
    public void Reads_numbers_written_as_strings_in_the_invariant_culture_whatever_the_current_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            var probe = FfprobeOutputParser.Parse("""
                { "format": { "format_name": "mov,mp4,m4a,3gp,3g2,mj2", "duration": "1234.567", "bit_rate": "2500000" },
                  "streams": [ { "index": 0, "codec_type": "audio", "sample_rate": "44100", "channels": 2, "bit_rate": "128000" } ] }
                """);

            Assert.Equal(TimeSpan.FromSeconds(1234.567), probe.Duration);
            Assert.Equal(2_500_000, probe.BitRate);
            Assert.Equal((44100, 2, 128_000L), (probe.Streams[0].SampleRate!.Value, probe.Streams[0].Channels!.Value, probe.Streams[0].BitRate!.Value));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Maps_every_stream_field_ffprobe_reports()
    {
        var probe = FfprobeOutputParser.Parse("""
            { "streams": [ {
                "index": 3, "codec_name": "h264", "profile": "High", "codec_type": "video", "width": 1920, "height": 1080,
                "pix_fmt": "yuv420p10le", "field_order": "tt", "r_frame_rate": "60000/1001", "avg_frame_rate": "30000/1001",
                "bit_rate": "8000000", "disposition": { "default": 1, "attached_pic": 0 }, "tags": { "language": "eng" } } ] }
            """);

        var stream = Assert.Single(probe.Streams);
        Assert.Equal(
            new MediaStream
            {
                Index = 3,
                Kind = StreamKind.Video,
                Codec = "h264",
                Profile = "High",
                Width = 1920,
                Height = 1080,
                FrameRate = 29.97,
                PixelFormat = "yuv420p10le",
                FieldOrder = "tt",
                Language = "eng",
                IsDefault = true,
                BitRate = 8_000_000,
            },
            stream);
    }

    [Fact]
    public void Falls_back_to_the_real_frame_rate_when_the_average_is_unknown()
    {
        var probe = FfprobeOutputParser.Parse("""
            { "streams": [ { "index": 0, "codec_type": "video", "avg_frame_rate": "0/0", "r_frame_rate": "24000/1001" } ] }
            """);

        Assert.Equal(23.976, probe.Streams[0].FrameRate);
    }

    [Theory]
    [InlineData("30000/1001", 29.97)]
    [InlineData("25/1", 25.0)]
    [InlineData("24000/1001", 23.976)]
    [InlineData("50", 50.0)]
    [InlineData("0/0", null)]
    [InlineData("25/0", null)]
    [InlineData("", null)]
    [InlineData("abc/def", null)]
    public void Turns_rational_frame_rates_into_numbers(string text, double? expected)
    {
        Assert.Equal(expected, FfprobeOutputParser.ParseRational(text));
    }

    [Fact]
    public void Tolerates_missing_and_unknown_fields()
    {
        var probe = FfprobeOutputParser.Parse("""
            { "format": { "duration": "N/A" },
              "streams": [ { "codec_type": "video", "width": 0, "duration": "42.5" }, { "codec_type": "weird" } ] }
            """);

        Assert.Null(probe.Container);
        Assert.Null(probe.BitRate);
        Assert.Equal(TimeSpan.FromSeconds(42.5), probe.Duration); // the format's N/A falls back to the longest stream
        Assert.Null(probe.Streams[0].Width);
        Assert.Equal(StreamKind.Data, probe.Streams[1].Kind);
        Assert.False(probe.Streams[1].IsDefault);
    }

    [Fact]
    public void An_empty_object_gives_an_empty_result_without_usable_duration()
    {
        var probe = FfprobeOutputParser.Parse("{}");

        Assert.Empty(probe.Streams);
        Assert.Empty(probe.Chapters);
        Assert.False(probe.HasUsableDuration);
    }

    [Fact]
    public void Treats_an_undetermined_language_as_none_and_reads_matroska_upper_case_tags()
    {
        var probe = FfprobeOutputParser.Parse("""
            { "streams": [ { "index": 0, "codec_type": "audio", "tags": { "language": "und" } },
                           { "index": 1, "codec_type": "audio", "tags": { "LANGUAGE": "ger" } } ] }
            """);

        Assert.Null(probe.Streams[0].Language);
        Assert.Equal("ger", probe.Streams[1].Language);
    }

    [Fact]
    public void Cover_art_is_an_attachment_so_an_album_track_has_no_video()
    {
        var probe = FfprobeOutputParser.Parse("""
            { "streams": [ { "index": 0, "codec_type": "audio", "codec_name": "mp3" },
                           { "index": 1, "codec_type": "video", "codec_name": "mjpeg", "disposition": { "attached_pic": 1 } } ] }
            """);

        Assert.False(probe.HasVideo);
        Assert.Equal(StreamKind.Attachment, probe.Streams[1].Kind);
    }

    [Fact]
    public void Chapters_become_chapter_markers_with_their_titles()
    {
        var probe = FfprobeOutputParser.Parse("""
            { "chapters": [
                { "id": 0, "time_base": "1/1000", "start": 0, "start_time": "0.000000", "end": 90500, "end_time": "90.500000", "tags": { "title": "Cold open" } },
                { "id": 1, "time_base": "1/1000", "start": 90500, "start_time": "90.500000", "end_time": "90.500000" },
                { "id": 2, "end_time": "12.0" } ] }
            """);

        Assert.Equal(
            [
                new MarkerFact(MarkerKind.Chapter, TimeSpan.Zero, TimeSpan.FromSeconds(90.5), "Cold open"),
                new MarkerFact(MarkerKind.Chapter, TimeSpan.FromSeconds(90.5), null, null),
            ],
            probe.Chapters);
    }

    [Theory]
    [InlineData("mkv")]
    [InlineData("mp4")]
    public async Task The_duration_is_what_plays_the_video_span_even_when_the_audio_and_the_container_run_longer(string extension)
    {
        using var folder = TestMedia.CreateFolder();
        var path = folder.File("long-audio." + extension);
        var made = await ProcessRunner.RunAsync("ffmpeg", [
            "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25:duration=4",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=5.5", "-map", "0:v", "-map", "1:a",
            "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", path,
        ], TimeSpan.FromSeconds(60));
        Assert.True(made.Succeeded, made.StandardError);
        var ffprobe = await ProcessRunner.RunAsync(
            "ffprobe", ["-v", "error", "-show_format", "-show_streams", "-show_chapters", "-of", "json", path], TimeSpan.FromSeconds(30));
        Assert.True(ffprobe.Succeeded, ffprobe.StandardError);
        using (var raw = System.Text.Json.JsonDocument.Parse(ffprobe.StandardOutput))
        {
            var container = double.Parse(raw.RootElement.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture);
            Assert.InRange(container, 5.4, 5.6);
        }

        var probe = FfprobeOutputParser.Parse(ffprobe.StandardOutput);

        // 100 frames at 25 fps: the container says about 5.5 s (the audio's end), the channel plays 4.000 s.
        Assert.Equal(4.0, probe.Duration!.Value.TotalSeconds, 3);
    }

    [Fact]
    public void A_matroska_duration_tag_is_the_stream_end_so_its_start_time_is_taken_off()
    {
        var probe = FfprobeOutputParser.Parse("""
            { "format": { "duration": "30.021000" },
              "streams": [ { "codec_type": "video", "start_time": "0.021000", "tags": { "DURATION": "00:00:30.021000000" } },
                           { "codec_type": "audio", "start_time": "0.000000", "tags": { "DURATION": "00:00:30.021000000" } } ] }
            """);

        Assert.Equal(TimeSpan.FromSeconds(30), probe.Duration);
    }

    [Fact]
    public void Without_a_known_video_span_the_container_duration_is_used()
    {
        var probe = FfprobeOutputParser.Parse("""
            { "format": { "duration": "12.5" },
              "streams": [ { "codec_type": "video", "tags": { "DURATION": "garbage" } }, { "codec_type": "audio", "duration": "13.0" } ] }
            """);

        Assert.Equal(TimeSpan.FromSeconds(12.5), probe.Duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{ \"format\": ")]
    [InlineData("[1, 2]")]
    public void Text_that_is_not_ffprobe_json_is_a_format_error(string text)
    {
        var error = Assert.Throws<FormatException>(() => FfprobeOutputParser.Parse(text));
        Assert.StartsWith("ffprobe printed", error.Message, StringComparison.Ordinal);
    }
}
