using RetroVue.Adapters.Processes;

namespace RetroVue.Bench.Streaming;

/// <summary>Source clips for the streaming benchmark, generated once by ffmpeg and reused.</summary>
internal static class BenchMedia
{
    public static readonly string Folder = Path.Combine(Path.GetTempPath(), "retrovue-bench-streaming");

    /// <summary>H.264/AAC 854x480 at 29.97 fps: copies into the 480p profile as it is.</summary>
    public static Task<string> Copyable480Async(CancellationToken cancellationToken) =>
        EnsureAsync("copy-480p.mp4", "testsrc2=size=854x480:rate=30000/1001", 60, "-g 30", cancellationToken);

    /// <summary>Like <see cref="Copyable480Async"/> but with a fixed keyframe every <paramref name="gopSeconds"/> and x264's B-frames, as real files have.</summary>
    public static Task<string> Copyable480WithGopAsync(int gopSeconds, CancellationToken cancellationToken)
    {
        var frames = (gopSeconds * 30).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return EnsureAsync($"copy-480p-gop{gopSeconds}s.mp4", "testsrc2=size=854x480:rate=30000/1001", 60, $"-g {frames} -keyint_min {frames} -sc_threshold 0", cancellationToken);
    }

    /// <summary>1280x720 at 25 fps in Matroska: must be transcoded for either profile.</summary>
    public static Task<string> Other720Async(CancellationToken cancellationToken) =>
        EnsureAsync("other-720p25.mkv", "testsrc2=size=1280x720:rate=25", 60, "-g 50", cancellationToken);

    /// <summary>640x480 (4:3) at 25 fps, mono: pillarboxed when transcoded.</summary>
    public static Task<string> FourThreeAsync(CancellationToken cancellationToken) =>
        EnsureAsync("other-4x3.mp4", "testsrc=size=640x480:rate=25", 60, "-g 50 -ac 1", cancellationToken);

    private static async Task<string> EnsureAsync(string name, string source, int seconds, string extra, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, name);
        if (File.Exists(path))
        {
            return path;
        }

        var partial = path + ".part" + Path.GetExtension(path);
        // The frame number drawn large makes every picture unique, so the join-accuracy check can tell frames apart.
        List<string> arguments = ["-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", source, "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-vf", "drawtext=text=%{n}:fontsize=h/3:fontcolor=white:box=1:boxcolor=black:x=w/20:y=h/20",
            "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-ar", "48000", "-ac", "2", .. extra.Split(' '), partial];
        // A later -ac wins over the default stereo above.
        var result = await ProcessRunner.RunAsync("ffmpeg", arguments, TimeSpan.FromMinutes(5), cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"ffmpeg could not generate {name}: {result.StandardError}");
        }

        File.Move(partial, path);
        return path;
    }
}
