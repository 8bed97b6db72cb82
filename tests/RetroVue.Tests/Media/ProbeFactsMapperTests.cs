using System.Globalization;
using FFMpegCore;
using Microsoft.Extensions.Options;
using RetroVue.Adapters.Media;
using RetroVue.Adapters.Media.Probing;
using RetroVue.Adapters.Processes;
using RetroVue.Domain.Library;
using RetroVue.Tests.Support;
using MediaStream = RetroVue.Domain.Library.MediaStream;

namespace RetroVue.Tests.Media;

/// <summary>
/// FFMpegCore's analysis of ffprobe's output mapped into RetroVue's probe facts. The JSON below is what ffprobe prints
/// when run as FFMpegCore runs it (times with -sexagesimal); FFMpegCore reads it, RetroVue maps it.
/// </summary>
public sealed class ProbeFactsMapperTests
{
    [Fact]
    public async Task Maps_ffmpegcores_analysis_of_a_generated_clip()
    {
        using var folder = TestMedia.CreateFolder();
        var clip = await TestMedia.VideoAsync(folder.File("clip.mkv"), seconds: 2, width: 320, height: 240, frameRate: "30000/1001", audio: TestAudio.Mono);

        var probe = ProbeFactsMapper.Map(await FFProbe.AnalyseAsync(clip, Ffprobe()));

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
            var probe = Map("""
                { "format": { "format_name": "mov,mp4,m4a,3gp,3g2,mj2", "duration": "0:20:34.567000", "bit_rate": "2500000" },
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
        var probe = Map("""
            { "format": {}, "streams": [ {
                "index": 3, "codec_name": "h264", "profile": "High", "codec_type": "video", "width": 1920, "height": 1080,
                "pix_fmt": "yuv420p10le", "field_order": "tt", "r_frame_rate": "60000/1001", "avg_frame_rate": "30000/1001",
                "bit_rate": "8000000", "disposition": { "default": 1, "forced": 0, "attached_pic": 0 },
                "tags": { "language": "eng", "title": "Main feature" } } ] }
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
                Title = "Main feature",
                IsDefault = true,
                IsForced = false,
                BitRate = 8_000_000,
            },
            stream);
    }

    [Fact]
    public void A_forced_subtitle_keeps_its_flag_language_and_title()
    {
        var probe = Map("""
            { "format": {}, "streams": [ { "index": 2, "codec_name": "subrip", "codec_type": "subtitle",
                "disposition": { "default": 0, "forced": 1 }, "tags": { "LANGUAGE": "fre", "TITLE": "Panneaux" } } ] }
            """);

        var subtitle = Assert.Single(probe.Streams);
        Assert.Equal((StreamKind.Subtitle, "subrip", "fre", "Panneaux", true, false), (subtitle.Kind, subtitle.Codec, subtitle.Language, subtitle.Title, subtitle.IsForced, subtitle.IsDefault));
    }

    [Fact]
    public void Falls_back_to_the_real_frame_rate_when_the_average_is_unknown()
    {
        var probe = Map("""
            { "format": {}, "streams": [ { "index": 0, "codec_type": "video", "avg_frame_rate": "0/0", "r_frame_rate": "24000/1001" } ] }
            """);

        Assert.Equal(23.976, probe.Streams[0].FrameRate);
    }

    [Theory]
    [InlineData("30000/1001", 29.97)]
    [InlineData("25/1", 25.0)]
    [InlineData("24000/1001", 23.976)]
    [InlineData("0/0", null)]
    [InlineData("25/0", null)]
    [InlineData("", null)]
    public void Turns_rational_frame_rates_into_numbers(string text, double? expected)
    {
        var probe = Map($$"""{ "format": {}, "streams": [ { "index": 0, "codec_type": "video", "avg_frame_rate": "{{text}}", "r_frame_rate": "0/0" } ] }""");

        Assert.Equal(expected, probe.Streams[0].FrameRate);
    }

    [Fact]
    public void Tolerates_missing_and_unknown_fields()
    {
        var probe = Map("""
            { "format": { },
              "streams": [ { "index": 0, "codec_type": "video", "width": 0, "duration": "0:00:42.500000" }, { "index": 1, "codec_type": "weird" } ] }
            """);

        Assert.Null(probe.Container);
        Assert.Null(probe.BitRate);
        Assert.Equal(TimeSpan.FromSeconds(42.5), probe.Duration);
        Assert.Null(probe.Streams[0].Width);
        Assert.Equal(StreamKind.Data, probe.Streams[1].Kind);
        Assert.False(probe.Streams[1].IsDefault);
    }

    [Fact]
    public void A_format_without_streams_gives_an_empty_result_without_usable_duration()
    {
        var probe = Map("""{ "format": { "format_name": "srt" } }""");

        Assert.Empty(probe.Streams);
        Assert.Empty(probe.Chapters);
        Assert.False(probe.HasUsableDuration);
    }

    [Fact]
    public void Treats_an_undetermined_language_as_none_and_reads_matroska_upper_case_tags()
    {
        var probe = Map("""
            { "format": {}, "streams": [ { "index": 0, "codec_type": "audio", "tags": { "language": "und" } },
                           { "index": 1, "codec_type": "audio", "tags": { "LANGUAGE": "ger" } },
                           { "index": 2, "codec_type": "data", "tags": { "LANGUAGE": "eng" } } ] }
            """);

        Assert.Null(probe.Streams[0].Language);
        Assert.Equal("ger", probe.Streams[1].Language);
        Assert.Equal("eng", probe.Streams[2].Language);
    }

    [Fact]
    public void Cover_art_is_an_attachment_so_an_album_track_has_no_video()
    {
        var probe = Map("""
            { "format": {}, "streams": [ { "index": 0, "codec_type": "audio", "codec_name": "mp3", "duration": "0:03:00.000000" },
                           { "index": 1, "codec_type": "video", "codec_name": "mjpeg", "duration": "0:00:00.040000", "disposition": { "attached_pic": 1 } } ] }
            """);

        Assert.False(probe.HasVideo);
        Assert.Equal(StreamKind.Attachment, probe.Streams[1].Kind);
        Assert.Equal(TimeSpan.FromMinutes(3), probe.Duration);
    }

    [Fact]
    public void Chapters_become_chapter_markers_with_their_titles()
    {
        var probe = Map("""
            { "format": {}, "chapters": [
                { "id": 0, "time_base": "1/1000", "start": 0, "start_time": "0:00:00.000000", "end": 90500, "end_time": "0:01:30.500000", "tags": { "title": "Cold open" } },
                { "id": 1, "time_base": "1/1000", "start": 90500, "start_time": "0:01:30.500000", "end_time": "0:01:30.500000" },
                { "id": 2, "end_time": "0:00:12.000000" } ] }
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
        var analysis = await FFProbe.AnalyseAsync(path, Ffprobe());
        Assert.InRange(analysis.Format.Duration.TotalSeconds, 5.4, 5.6);
        Assert.InRange(analysis.Duration.TotalSeconds, 5.4, 5.6); // FFMpegCore's own figure is the longest stream's

        var probe = ProbeFactsMapper.Map(analysis);

        // 100 frames at 25 fps: the container says about 5.5 s (the audio's end), the channel plays 4.000 s.
        Assert.Equal(4.0, probe.Duration!.Value.TotalSeconds, 3);
    }

    [Fact]
    public void A_matroska_duration_tag_is_the_stream_end_so_its_start_time_is_taken_off()
    {
        var probe = Map("""
            { "format": { "duration": "0:00:30.021000" },
              "streams": [ { "index": 0, "codec_type": "video", "start_time": "0:00:00.021000", "tags": { "DURATION": "00:00:30.021000000" } },
                           { "index": 1, "codec_type": "audio", "start_time": "0:00:00.000000", "tags": { "DURATION": "00:00:30.021000000" } } ] }
            """);

        Assert.Equal(TimeSpan.FromSeconds(30), probe.Duration);
    }

    [Fact]
    public void Without_a_known_video_span_the_container_duration_is_used()
    {
        var probe = Map("""
            { "format": { "duration": "0:00:12.500000" },
              "streams": [ { "index": 0, "codec_type": "video", "tags": { "DURATION": "garbage" } }, { "index": 1, "codec_type": "audio", "duration": "0:00:13.000000" } ] }
            """);

        Assert.Equal(TimeSpan.FromSeconds(12.5), probe.Duration);
    }

    /// <summary>The ffprobe RetroVue resolves (configuration, else PATH), as FFMpegCore options.</summary>
    private static FFOptions Ffprobe() => FfmpegCoreOptions.For(new FfmpegTools(Options.Create(new FfmpegOptions())).Ffprobe);

    private static ProbeResult Map(string json) => ProbeFactsMapper.Map(FFProbe.FromJson(json));
}
