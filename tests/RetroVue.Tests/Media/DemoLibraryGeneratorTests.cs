using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using RetroVue.Adapters.Demo;
using RetroVue.Adapters.Media;
using RetroVue.Adapters.Media.Probing;
using RetroVue.Adapters.Processes;
using RetroVue.App.Ingest;
using RetroVue.Domain.Library;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Media;

/// <summary>One library of 1-second clips, generated once for the tests that only read it.</summary>
public sealed class ShortDemoLibrary : IAsyncLifetime
{
    public static readonly DemoGenerationOptions ShortClips = new(ClipLength: TimeSpan.FromSeconds(1));

    public TestMediaFolder Folder { get; } = TestMedia.CreateFolder();

    public FfmpegTools Tools { get; } = new(Options.Create(new FfmpegOptions()));

    public DemoLibrarySummary FirstRun { get; private set; } = new([], []);

    public async Task InitializeAsync() =>
        FirstRun = await new DemoLibraryGenerator(Tools).GenerateAsync(Folder.Path, ShortClips, progress: null, CancellationToken.None);

    public Task DisposeAsync()
    {
        Folder.Dispose();
        return Task.CompletedTask;
    }
}

public sealed partial class DemoLibraryGeneratorTests(ShortDemoLibrary library) : IClassFixture<ShortDemoLibrary>, IDisposable
{
    private readonly TestMediaFolder _scratch = TestMedia.CreateFolder();
    private readonly FfmpegTools _tools = library.Tools;

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Generates_two_shows_and_two_movies_named_the_way_media_servers_name_them()
    {
        var files = Files(library.Folder.Path);
        Assert.Equal(DemoLibraryPlan.Files.Order(StringComparer.Ordinal), files);
        Assert.Equal(files, library.FirstRun.Created);
        Assert.Empty(library.FirstRun.Skipped);
        var episodes = files.Select(f => EpisodeName().Match(f)).Where(m => m.Success).ToList();
        var movies = files.Where(f => MovieName().IsMatch(f)).ToList();
        Assert.Equal(files.Count, episodes.Count + movies.Count + DemoLibraryPlan.Posters.Count);
        Assert.Equal(
            ["Test Pattern Theater/Season 01", "Test Pattern Theater/Season 02", "Test Pattern Theater/Specials", "The Sine Wave Show/Season 01"],
            episodes.Select(m => $"{m.Groups["show"].Value}/{m.Groups["season"].Value}").Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(11, episodes.Count);
        Assert.Contains("Movies/Mandelbrot Journey (1986)/Mandelbrot Journey (1986).mp4", movies);
        Assert.Contains("Movies/Color Bars Forever (1979).mkv", movies);
        Assert.Empty(Directory.EnumerateFiles(library.Folder.Path, ".*", SearchOption.AllDirectories)); // no temporary files left
    }

    [Fact]
    public async Task Generated_clips_vary_in_shape_rate_channels_and_container_and_some_carry_chapters()
    {
        var enricher = new FfprobeEnricher(_tools, Options.Create(new IngestOptions()));

        var wide = await ProbeAsync(enricher, "Shows/Test Pattern Theater/Season 01/Test Pattern Theater - S01E01 - Pilot Pattern.mp4");
        var narrow = await ProbeAsync(enricher, "Shows/The Sine Wave Show/Season 01/The Sine Wave Show - S01E02 - An Octave Up.mkv");

        Assert.Equal((640, 360, 25.0, 2, "mov,mp4,m4a,3gp,3g2,mj2"), Shape(wide));
        Assert.Equal((480, 360, 29.97, 1, "matroska,webm"), Shape(narrow));
        Assert.Equal(3, wide.Chapters.Count);
        Assert.Equal(2, narrow.Chapters.Count);
        Assert.All(wide.Chapters.Concat(narrow.Chapters), c => Assert.Equal(MarkerKind.Chapter, c.Kind));
        Assert.InRange(wide.Duration!.Value.TotalSeconds, 0.9, 1.2);
    }

    [Fact]
    public async Task Every_show_and_movie_gets_a_jpeg_poster_in_portrait()
    {
        foreach (var poster in DemoLibraryPlan.Posters)
        {
            var path = Path.Combine(library.Folder.Path, poster.RelativePath);
            var head = new byte[3];
            await using (var file = File.OpenRead(path))
            {
                await file.ReadExactlyAsync(head);
            }

            Assert.Equal([0xFF, 0xD8, 0xFF], head);
            var probe = await ProcessRunner.RunAsync(_tools.RequireFfprobe(), ["-v", "error", "-show_entries", "stream=width,height", "-of", "csv=p=0", path], TimeSpan.FromSeconds(20), CancellationToken.None);
            Assert.Equal("400,600", probe.StandardOutput.Trim());
        }
    }

    [Fact]
    public async Task A_second_run_keeps_every_existing_file_and_writes_nothing()
    {
        var root = library.Folder.Path;
        var before = Files(root).ToDictionary(f => f, f => File.GetLastWriteTimeUtc(Path.Combine(root, f)));
        var messages = new List<string>();

        var summary = await new DemoLibraryGenerator(_tools).GenerateAsync(root, ShortDemoLibrary.ShortClips, new SynchronousProgress(messages), CancellationToken.None);

        Assert.Empty(summary.Created);
        Assert.Equal(DemoLibraryPlan.Files.Count(), summary.Skipped.Count);
        Assert.Equal(before, Files(root).ToDictionary(f => f, f => File.GetLastWriteTimeUtc(Path.Combine(root, f))));
        Assert.Equal(DemoLibraryPlan.Files.Count(), messages.Count);
        Assert.All(messages, m => Assert.StartsWith("exists, kept: ", m, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancelling_a_run_leaves_only_complete_files_behind()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new DemoLibraryGenerator(_tools).GenerateAsync(_scratch.Path, progress: null, cancel.Token));

        Assert.Empty(Directory.EnumerateFiles(_scratch.Path, ".*", SearchOption.AllDirectories));
        Assert.True(Files(_scratch.Path).Count < DemoLibraryPlan.Files.Count());
    }

    [Fact]
    public async Task Without_ffmpeg_the_generator_says_how_to_install_it()
    {
        var tools = new FfmpegTools(Options.Create(new FfmpegOptions()), findOnPath: _ => null);

        var error = await Assert.ThrowsAsync<EnricherUnavailableException>(
            () => new DemoLibraryGenerator(tools).GenerateAsync(_scratch.Path, progress: null, CancellationToken.None));

        Assert.Contains("sudo apt-get install ffmpeg", error.Message, StringComparison.Ordinal);
        Assert.Empty(Files(_scratch.Path));
    }

    private static (int?, int?, double?, int?, string?) Shape(ProbeResult probe)
    {
        var video = probe.Streams.Single(s => s.Kind == StreamKind.Video);
        var audio = probe.Streams.Single(s => s.Kind == StreamKind.Audio);
        return (video.Width, video.Height, video.FrameRate, audio.Channels, probe.Container);
    }

    private Task<ProbeResult> ProbeAsync(FfprobeEnricher enricher, string relativePath) =>
        enricher.EnrichAsync(new EnrichmentRequest(Guid.NewGuid(), Path.Combine(library.Folder.Path, relativePath)), CancellationToken.None);

    private static List<string> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f))
            .Order(StringComparer.Ordinal)
            .ToList();

    [GeneratedRegex(@"^Shows/(?<show>[^/]+)/(?<season>Season \d{2}|Specials)/\k<show> - S(?<s>\d{2})E\d{2} - [^/]+\.(mp4|mkv)$")]
    private static partial Regex EpisodeName();

    [GeneratedRegex(@"^Movies/((?<movie>[^/]+ \(\d{4}\))/\k<movie>|[^/]+ \(\d{4}\))\.(mp4|mkv)$")]
    private static partial Regex MovieName();

    /// <summary>Records messages as they are reported (Progress&lt;T&gt; would post them later on the thread pool).</summary>
    private sealed class SynchronousProgress(List<string> messages) : IProgress<string>
    {
        public void Report(string value)
        {
            lock (messages)
            {
                messages.Add(value);
            }
        }
    }
}
