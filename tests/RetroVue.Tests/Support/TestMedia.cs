using System.Globalization;
using System.Text;
using RetroVue.Adapters.Processes;

namespace RetroVue.Tests.Support;

public enum TestAudio
{
    Stereo,
    Mono,
    None,
}

/// <summary>A chapter to write into a generated file.</summary>
public sealed record TestChapter(TimeSpan Start, TimeSpan End, string Title);

/// <summary>
/// Makes tiny real media files with the machine's ffmpeg (/usr/bin or PATH) for tests: no media is committed.
/// Every method writes only the path it is given and keeps no state, so tests may call it in parallel.
/// The container follows the file extension (.mp4, .mkv, .mov, .ts, .m4a, .mp3, .wav, .flac).
/// </summary>
public static class TestMedia
{
    private static readonly TimeSpan FfmpegTimeout = HangGuard.Process;

    /// <param name="frameRate">An ffmpeg rate: "25", "30000/1001" (29.97).</param>
    public static async Task<string> VideoAsync(
        string path,
        double seconds = 1,
        int width = 320,
        int height = 180,
        string frameRate = "25",
        TestAudio audio = TestAudio.Stereo,
        IReadOnlyList<TestChapter>? chapters = null,
        int gopFrames = 25,
        bool bFrames = false,
        CancellationToken cancellationToken = default)
    {
        List<string> arguments = ["-f", "lavfi", "-i", $"testsrc2=size={width}x{height}:rate={frameRate}"];
        if (audio != TestAudio.None)
        {
            arguments.AddRange(["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"]);
        }

        var metadata = chapters is { Count: > 0 } ? await WriteChaptersAsync(path, chapters, cancellationToken) : null;
        try
        {
            if (metadata is not null)
            {
                var metadataInput = audio == TestAudio.None ? "1" : "2";
                arguments.AddRange(["-f", "ffmetadata", "-i", metadata, "-map_metadata", metadataInput, "-map_chapters", metadataInput]);
            }

            arguments.AddRange(["-map", "0:v"]);
            if (audio != TestAudio.None)
            {
                arguments.AddRange(["-map", "1:a", .. AudioCodec(path), "-ac", audio == TestAudio.Mono ? "1" : "2"]);
            }

            var gop = gopFrames.ToString(CultureInfo.InvariantCulture);
            arguments.AddRange(["-t", Seconds(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-g", gop, "-keyint_min", gop, "-sc_threshold", "0"]);
            if (bFrames)
            {
                // Real files reorder frames: decode and presentation times differ, as they do at a join's hand-over.
                arguments.AddRange(["-bf", "2"]);
            }

            arguments.AddRange(["-pix_fmt", "yuv420p", path]);
            await RunFfmpegAsync(arguments, cancellationToken);
            return path;
        }
        finally
        {
            if (metadata is not null)
            {
                File.Delete(metadata);
            }
        }
    }

    /// <summary>A file with one audio stream and no video (.m4a, .mp3, .wav, .flac, .mka...).</summary>
    public static async Task<string> AudioOnlyAsync(string path, double seconds = 1, int channels = 2, CancellationToken cancellationToken = default)
    {
        await RunFfmpegAsync(
            ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", Seconds(seconds), .. AudioCodec(path),
                "-ac", channels.ToString(CultureInfo.InvariantCulture), path],
            cancellationToken);
        return path;
    }

    /// <summary>Random bytes under a media name: no demuxer recognises them.</summary>
    public static async Task<string> CorruptAsync(string path, int bytes = 64 * 1024, CancellationToken cancellationToken = default)
    {
        var noise = new byte[bytes];
        // Seeded: the same bytes every run, so ffprobe's complaint about them is the same every run.
        new Random(20261120).NextBytes(noise);
        await File.WriteAllBytesAsync(path, noise, cancellationToken);
        return path;
    }

    /// <summary>
    /// A valid clip cut to <paramref name="keepFraction"/> of its bytes, as an interrupted copy leaves it. For .mp4 the
    /// index (moov) is written last, so the cut removes it and the file cannot be opened at all.
    /// </summary>
    public static async Task<string> TruncatedAsync(string path, double keepFraction = 0.3, double seconds = 2, CancellationToken cancellationToken = default)
    {
        await VideoAsync(path, seconds, cancellationToken: cancellationToken);
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.SetLength((long)(file.Length * keepFraction));
        return path;
    }

    /// <summary>A tiny one-colour picture; the format follows the extension (.jpg, .png, .webp).</summary>
    public static async Task<string> ImageAsync(string path, string color = "red", int size = 32, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        await RunFfmpegAsync(["-f", "lavfi", "-i", $"color={color}:s={size}x{size}", "-frames:v", "1", path], cancellationToken);
        return path;
    }

    public static string ZeroByte(string path)
    {
        File.WriteAllBytes(path, []);
        return path;
    }

    /// <summary>A fresh empty folder under the temp folder; delete it with <see cref="TestMediaFolder.Dispose"/>.</summary>
    public static TestMediaFolder CreateFolder() => new();

    private static async Task<string> WriteChaptersAsync(string path, IReadOnlyList<TestChapter> chapters, CancellationToken cancellationToken)
    {
        var text = new StringBuilder(";FFMETADATA1\n");
        foreach (var chapter in chapters)
        {
            text.Append(CultureInfo.InvariantCulture, $"[CHAPTER]\nTIMEBASE=1/1000\nSTART={(long)chapter.Start.TotalMilliseconds}\nEND={(long)chapter.End.TotalMilliseconds}\ntitle={chapter.Title}\n");
        }

        var metadata = path + $".{Guid.NewGuid():N}.ffmeta";
        await File.WriteAllTextAsync(metadata, text.ToString(), cancellationToken);
        return metadata;
    }

    private static string[] AudioCodec(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".mp3" => ["-c:a", "libmp3lame"],
        ".wav" => ["-c:a", "pcm_s16le"],
        ".flac" => ["-c:a", "flac"],
        ".ogg" or ".opus" or ".webm" => ["-c:a", "libopus"],
        _ => ["-c:a", "aac"],
    };

    private static string Seconds(double seconds) => seconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static async Task RunFfmpegAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var ffmpeg = ExecutableLocator.FindOnPath("ffmpeg")
            ?? throw new InvalidOperationException("Tests need ffmpeg: install it with 'sudo apt-get install ffmpeg'.");
        var result = await ProcessRunner.RunAsync(ffmpeg, ["-nostdin", "-hide_banner", "-v", "error", "-y", .. arguments], FfmpegTimeout, cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"ffmpeg failed making test media (exit {result.ExitCode}): {result.StandardError.Trim()}");
        }
    }
}

/// <summary>A temporary folder for generated media, removed with everything in it on dispose.</summary>
public sealed class TestMediaFolder : IDisposable
{
    internal TestMediaFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"retrovue-media-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
