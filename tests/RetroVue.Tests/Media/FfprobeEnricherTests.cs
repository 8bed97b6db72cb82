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
