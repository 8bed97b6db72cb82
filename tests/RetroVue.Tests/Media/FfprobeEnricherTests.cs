using System.Diagnostics;
using Microsoft.Extensions.Options;
using RetroVue.Adapters.Media;
using RetroVue.Adapters.Media.Probing;
using RetroVue.Adapters.Processes;
using RetroVue.App.Ingest;
using RetroVue.Domain.Library;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Media;

public sealed class FfprobeEnricherTests : IDisposable
{
    private readonly TestMediaFolder _folder = TestMedia.CreateFolder();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Reads_container_duration_and_both_streams_of_a_show_like_mp4()
    {
        var path = await TestMedia.VideoAsync(_folder.File("Show - S01E01.mp4"), seconds: 2, width: 640, height: 360, frameRate: "25");
        var enricher = Enricher();

        var probe = await enricher.EnrichAsync(Request(path), CancellationToken.None);

        Assert.Contains("mp4", probe.Container, StringComparison.Ordinal);
        Assert.InRange(probe.Duration!.Value.TotalSeconds, 1.95, 2.1);
        Assert.True(probe.HasVideo);
        Assert.True(probe.HasUsableDuration);
        var video = Assert.Single(probe.Streams, s => s.Kind == StreamKind.Video);
        Assert.Equal(("h264", 640, 360, 25.0, "yuv420p", true), (video.Codec, video.Width, video.Height, video.FrameRate, video.PixelFormat, video.IsDefault));
        var audio = Assert.Single(probe.Streams, s => s.Kind == StreamKind.Audio);
        Assert.Equal(("aac", "LC", 2, 48000), (audio.Codec, audio.Profile, audio.Channels, audio.SampleRate));
        Assert.Equal(1, enricher.Invocations);
    }

    [Fact]
    public async Task Reads_a_four_by_three_mkv_with_mono_audio_at_29_97()
    {
        var path = await TestMedia.VideoAsync(_folder.File("old.mkv"), seconds: 1, width: 320, height: 240, frameRate: "30000/1001", audio: TestAudio.Mono);

        var probe = await Enricher().EnrichAsync(Request(path), CancellationToken.None);

        Assert.Equal("matroska,webm", probe.Container);
        var video = Assert.Single(probe.Streams, s => s.Kind == StreamKind.Video);
        Assert.Equal((320, 240, 29.97, "progressive"), (video.Width, video.Height, video.FrameRate, video.FieldOrder));
        Assert.Equal(1, Assert.Single(probe.Streams, s => s.Kind == StreamKind.Audio).Channels);
    }

    [Fact]
    public async Task Chapters_in_the_file_become_chapter_markers()
    {
        TestChapter[] chapters =
        [
            new(TimeSpan.Zero, TimeSpan.FromSeconds(1), "Act One"),
            new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), "Act Two"),
        ];
        var path = await TestMedia.VideoAsync(_folder.File("acts.mkv"), seconds: 2, chapters: chapters);

        var probe = await Enricher().EnrichAsync(Request(path), CancellationToken.None);

        Assert.Equal(
            [
                new MarkerFact(MarkerKind.Chapter, TimeSpan.Zero, TimeSpan.FromSeconds(1), "Act One"),
                new MarkerFact(MarkerKind.Chapter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), "Act Two"),
            ],
            probe.Chapters);
    }

    [Fact]
    public async Task An_audio_only_file_has_no_video_stream()
    {
        var path = await TestMedia.AudioOnlyAsync(_folder.File("song.m4a"), seconds: 1);

        var probe = await Enricher().EnrichAsync(Request(path), CancellationToken.None);

        Assert.False(probe.HasVideo);
        Assert.Equal(StreamKind.Audio, Assert.Single(probe.Streams).Kind);
        Assert.True(probe.HasUsableDuration);
    }

    [Fact]
    public async Task A_file_of_random_bytes_fails_with_ffprobes_reason()
    {
        var path = await TestMedia.CorruptAsync(_folder.File("noise.mkv"));

        var error = await Assert.ThrowsAsync<EnrichmentFailedException>(() => Enricher().EnrichAsync(Request(path), CancellationToken.None));

        Assert.StartsWith("Invalid data found when processing input", error.Message, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"@ 0x[0-9a-f]{6,}", error.Message);
    }

    [Fact]
    public async Task A_truncated_mp4_fails_because_its_index_is_missing()
    {
        var path = await TestMedia.TruncatedAsync(_folder.File("cut.mp4"), keepFraction: 0.3);

        var error = await Assert.ThrowsAsync<EnrichmentFailedException>(() => Enricher().EnrichAsync(Request(path), CancellationToken.None));

        Assert.Equal("Invalid data found when processing input (moov atom not found)", error.Message);
    }

    [Fact]
    public async Task An_mkv_cut_inside_its_first_data_fails_as_truncated_although_ffprobe_exits_zero()
    {
        var path = await TestMedia.TruncatedAsync(_folder.File("cut.mkv"), keepFraction: 0.05);

        var error = await Assert.ThrowsAsync<EnrichmentFailedException>(() => Enricher().EnrichAsync(Request(path), CancellationToken.None));

        Assert.Equal("The file is truncated (File ended prematurely)", error.Message);
    }

    [Fact]
    public async Task A_zero_byte_file_fails()
    {
        var path = TestMedia.ZeroByte(_folder.File("empty.mp4"));

        var error = await Assert.ThrowsAsync<EnrichmentFailedException>(() => Enricher().EnrichAsync(Request(path), CancellationToken.None));

        Assert.StartsWith("Invalid data found when processing input", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_vanished_fails_without_starting_ffprobe()
    {
        var enricher = Enricher();

        var error = await Assert.ThrowsAsync<EnrichmentFailedException>(
            () => enricher.EnrichAsync(Request(_folder.File("gone.mkv")), CancellationToken.None));

        Assert.Contains("gone", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, enricher.Invocations);
    }

    [Fact]
    public async Task A_subtitle_file_without_audio_or_video_fails_as_not_media()
    {
        var path = _folder.File("captions.srt");
        await File.WriteAllTextAsync(path, "1\n00:00:00,000 --> 00:00:01,000\nHello\n");

        var error = await Assert.ThrowsAsync<EnrichmentFailedException>(() => Enricher().EnrichAsync(Request(path), CancellationToken.None));

        Assert.Equal("ffprobe found no audio or video stream in the file", error.Message);
    }

    [Fact]
    public async Task A_folder_named_like_a_video_fails_without_starting_ffprobe()
    {
        var folder = Directory.CreateDirectory(_folder.File("Season 01.mkv")).FullName;
        var enricher = Enricher();

        var error = await Assert.ThrowsAsync<EnrichmentFailedException>(() => enricher.EnrichAsync(Request(folder), CancellationToken.None));

        Assert.Equal("This is a folder, not a media file", error.Message);
        Assert.Equal(0, enricher.Invocations);
    }

    [Fact]
    public async Task A_name_with_spaces_quotes_and_url_characters_is_read_literally()
    {
        var path = await TestMedia.VideoAsync(_folder.File("Bob's Show #1 - 100%20 (why?) ü, http:x.mkv"));

        var probe = await Enricher().EnrichAsync(Request(path), CancellationToken.None);

        Assert.True(probe.HasVideo);
    }

    [Fact]
    public async Task A_hanging_ffprobe_is_killed_and_reaped_after_the_probe_timeout()
    {
        var fifo = await CreateFifoAsync("hang.mkv");
        var started = Stopwatch.GetTimestamp();

        var probing = Enricher(TimeSpan.FromSeconds(1)).EnrichAsync(Request(fifo), CancellationToken.None);
        var pid = await FfprobeReadingAsync(fifo);
        var error = await Assert.ThrowsAsync<EnrichmentFailedException>(() => probing);

        Assert.Equal("ffprobe did not answer within 1 s", error.Message);
        Assert.InRange(Stopwatch.GetElapsedTime(started).TotalSeconds, 0.9, 5);
        Assert.False(Directory.Exists($"/proc/{pid}"), $"ffprobe {pid} is still running or was never reaped");
    }

    [Fact]
    public async Task Cancelling_a_probe_kills_and_reaps_ffprobe()
    {
        var fifo = await CreateFifoAsync("cancelled.mkv");
        using var cancel = new CancellationTokenSource();

        var probing = Enricher(TimeSpan.FromSeconds(30)).EnrichAsync(Request(fifo), cancel.Token);
        var pid = await FfprobeReadingAsync(fifo);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => probing);
        Assert.False(Directory.Exists($"/proc/{pid}"), $"ffprobe {pid} is still running or was never reaped");
        Assert.Empty(FfprobesReading(fifo));
    }

    [Fact]
    public async Task Two_audio_tracks_a_forced_subtitle_and_chapters_keep_their_languages_titles_and_flags()
    {
        var path = await MultiTrackAsync(_folder.File("Film (1999).mkv"));

        var probe = await Enricher().EnrichAsync(Request(path), CancellationToken.None);

        var audio = probe.Streams.Where(s => s.Kind == StreamKind.Audio).ToList();
        Assert.Equal(
            [("eng", "Main", true, false, 2), ("ger", "Kommentar", false, false, 1)],
            audio.Select(a => (a.Language, a.Title, a.IsDefault, a.IsForced, a.Channels ?? 0)));
        var subtitle = Assert.Single(probe.Streams, s => s.Kind == StreamKind.Subtitle);
        Assert.Equal(("subrip", "fre", "Panneaux", true), (subtitle.Codec, subtitle.Language, subtitle.Title, subtitle.IsForced));
        Assert.Equal(
            [
                new MarkerFact(MarkerKind.Chapter, TimeSpan.Zero, TimeSpan.FromSeconds(1.5), "Opening"),
                new MarkerFact(MarkerKind.Chapter, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(3), "Ending"),
            ],
            probe.Chapters);
        Assert.Equal(3.0, probe.Duration!.Value.TotalSeconds, 2);
    }

    [Fact]
    public async Task A_name_with_a_double_quote_is_read_through_a_temporary_link_that_is_removed_afterwards()
    {
        var path = await TestMedia.VideoAsync(_folder.File("The \"Pilot\" \\ 1.mkv"), seconds: 1, width: 320, height: 240);
        var linksBefore = ProbeLinks();

        var probe = await Enricher().EnrichAsync(Request(path), CancellationToken.None);

        Assert.Equal(320, Assert.Single(probe.Streams, s => s.Kind == StreamKind.Video).Width);
        Assert.Equal(linksBefore, ProbeLinks());
    }

    [Fact]
    public async Task The_configured_ffprobe_is_the_one_ffmpegcore_runs()
    {
        var path = await TestMedia.VideoAsync(_folder.File("fine.mkv"));
        var folder = Directory.CreateDirectory(_folder.File("tools")).FullName;
        var calls = Path.Combine(folder, "calls");
        var wrapper = Path.Combine(folder, "ffprobe");
        await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\necho \"$@\" >> '{calls}'\nexec '{ExecutableLocator.FindOnPath("ffprobe")}' \"$@\"\n");
        var executable = await ProcessRunner.RunAsync("chmod", ["u+x", wrapper], TimeSpan.FromSeconds(10));
        Assert.True(executable.Succeeded, executable.StandardError);
        var enricher = Enricher(tools: new FfmpegTools(Options.Create(new FfmpegOptions { FfprobePath = wrapper }), findOnPath: _ => null));

        var probe = await enricher.EnrichAsync(Request(path), CancellationToken.None);

        Assert.True(probe.HasVideo);
        Assert.Contains(path, await File.ReadAllTextAsync(calls), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_ffprobe_under_another_file_name_makes_the_enricher_unavailable_with_what_to_configure()
    {
        var path = await TestMedia.VideoAsync(_folder.File("fine.mkv"));
        var renamed = _folder.File("ffprobe-5.1");
        File.CreateSymbolicLink(renamed, ExecutableLocator.FindOnPath("ffprobe")!);
        var enricher = Enricher(tools: new FfmpegTools(Options.Create(new FfmpegOptions { FfprobePath = renamed })));

        var error = await Assert.ThrowsAsync<EnricherUnavailableException>(() => enricher.EnrichAsync(Request(path), CancellationToken.None));

        Assert.Equal(
            $"ffprobe at '{renamed}' cannot be used: RetroVue runs it through FFMpegCore, which only runs a file named 'ffprobe' directly in the "
            + $"configured folder; point the setting at '{_folder.File("ffprobe")}' (a symbolic link of that name will do)",
            error.Message);
        Assert.Equal(0, enricher.Invocations);
    }

    [Fact]
    public async Task A_configured_ffprobe_that_does_not_exist_makes_the_enricher_unavailable_with_the_install_hint()
    {
        var path = await TestMedia.VideoAsync(_folder.File("fine.mp4"));
        var enricher = Enricher(tools: new FfmpegTools(Options.Create(new FfmpegOptions { FfprobePath = "/nonexistent/ffprobe" })));

        var error = await Assert.ThrowsAsync<EnricherUnavailableException>(() => enricher.EnrichAsync(Request(path), CancellationToken.None));

        Assert.Contains("sudo apt-get install ffmpeg", error.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/ffprobe", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, enricher.Invocations);
    }

    [Fact]
    public async Task Ffprobe_missing_from_path_makes_the_enricher_unavailable_with_the_install_hint()
    {
        var path = await TestMedia.VideoAsync(_folder.File("fine.mp4"));
        var enricher = Enricher(tools: new FfmpegTools(Options.Create(new FfmpegOptions()), findOnPath: _ => null));

        var error = await Assert.ThrowsAsync<EnricherUnavailableException>(() => enricher.EnrichAsync(Request(path), CancellationToken.None));

        Assert.Equal("ffprobe was not found on PATH: install it with 'sudo apt-get install ffmpeg' (or set Ffmpeg:FfprobePath)", error.Message);
    }

    private static FfprobeEnricher Enricher(TimeSpan? timeout = null, FfmpegTools? tools = null) =>
        new(
            tools ?? new FfmpegTools(Options.Create(new FfmpegOptions())),
            Options.Create(new IngestOptions { ProbeTimeout = timeout ?? TimeSpan.FromSeconds(30) }));

    private static EnrichmentRequest Request(string path) => new(Guid.NewGuid(), path);

    /// <summary>A named pipe with a video name: ffprobe blocks opening it until a writer appears, which never happens.</summary>
    private async Task<string> CreateFifoAsync(string name)
    {
        var fifo = _folder.File(name);
        var made = await ProcessRunner.RunAsync("mkfifo", [fifo], TimeSpan.FromSeconds(10));
        Assert.True(made.Succeeded, made.StandardError);
        return fifo;
    }

    /// <summary>The pid of the ffprobe that has the pipe on its command line, once it is running.</summary>
    private static async Task<int> FfprobeReadingAsync(string fifo)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 5;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            foreach (var process in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(process), out var pid) && CommandLine(process) is { } commandLine
                    && commandLine.Contains("ffprobe", StringComparison.Ordinal) && commandLine.Contains(fifo, StringComparison.Ordinal))
                {
                    return pid;
                }
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"no ffprobe started for {fifo}");
    }

    /// <summary>Every running ffprobe with the file on its command line.</summary>
    private static List<int> FfprobesReading(string file) =>
        Directory.EnumerateDirectories("/proc")
            .Select(folder => (Pid: int.TryParse(Path.GetFileName(folder), out var pid) ? pid : 0, CommandLine: CommandLine(folder)))
            .Where(p => p.Pid > 0 && p.CommandLine is { } line && line.Contains("ffprobe", StringComparison.Ordinal) && line.Contains(file, StringComparison.Ordinal))
            .Select(p => p.Pid)
            .ToList();

    private static string[] ProbeLinks() => Directory.GetFiles(Path.GetTempPath(), "retrovue-probe-*").Order(StringComparer.Ordinal).ToArray();

    /// <summary>Video, English and German audio, a forced French subtitle and two chapters, 3 s long.</summary>
    private async Task<string> MultiTrackAsync(string path)
    {
        var subtitles = _folder.File("signs.srt");
        await File.WriteAllTextAsync(subtitles, "1\n00:00:00,500 --> 00:00:01,500\nSortie\n");
        var chapters = _folder.File("chapters.ffmeta");
        await File.WriteAllTextAsync(chapters, ";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=1500\ntitle=Opening\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=1500\nEND=3000\ntitle=Ending\n");
        var made = await ProcessRunner.RunAsync("ffmpeg", [
            "-nostdin", "-v", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25:duration=3",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=3",
            "-f", "lavfi", "-i", "sine=frequency=660:sample_rate=48000:duration=3",
            "-i", subtitles, "-f", "ffmetadata", "-i", chapters,
            "-map", "0:v", "-map", "1:a", "-map", "2:a", "-map", "3:s", "-map_chapters", "4",
            "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-ac:a:0", "2", "-ac:a:1", "1", "-c:s", "srt",
            "-metadata:s:a:0", "language=eng", "-metadata:s:a:0", "title=Main",
            "-metadata:s:a:1", "language=ger", "-metadata:s:a:1", "title=Kommentar",
            "-metadata:s:s:0", "language=fre", "-metadata:s:s:0", "title=Panneaux",
            "-disposition:a:0", "default", "-disposition:a:1", "0", "-disposition:s:0", "forced",
            path,
        ], TimeSpan.FromSeconds(120));
        Assert.True(made.Succeeded, made.StandardError);
        return path;
    }

    private static string? CommandLine(string processFolder)
    {
        try
        {
            return File.ReadAllText(Path.Combine(processFolder, "cmdline"));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
