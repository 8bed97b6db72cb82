using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using FFMpegCore;
using RetroVue.Adapters.Media;
using RetroVue.Adapters.Processes;

namespace RetroVue.Adapters.Demo;

/// <param name="ClipLength">When set, every clip gets this length instead of the plan's (tests use 1-2 s).</param>
public sealed record DemoGenerationOptions(TimeSpan? ClipLength = null);

/// <summary>What a run did: files written now and files that were already there.</summary>
public sealed record DemoLibrarySummary(IReadOnlyList<string> Created, IReadOnlyList<string> Skipped);

/// <summary>
/// Writes the demo library of <see cref="DemoLibraryPlan"/> (clips and posters) below a folder with ffmpeg's synthetic sources, so
/// RetroVue can be tried without any media of one's own. Existing files are kept, so a second run does nothing;
/// each file is written under a temporary name and renamed when complete, so a cancelled run leaves no half file.
/// </summary>
public sealed class DemoLibraryGenerator(FfmpegTools tools)
{
    private static readonly TimeSpan ClipTimeout = TimeSpan.FromMinutes(2);

    public Task<DemoLibrarySummary> GenerateAsync(string root, IProgress<string>? progress, CancellationToken cancellationToken) =>
        GenerateAsync(root, new DemoGenerationOptions(), progress, cancellationToken);

    public async Task<DemoLibrarySummary> GenerateAsync(
        string root, DemoGenerationOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var ffmpeg = tools.RequireFfmpeg();
        root = Path.GetFullPath(root);
        var pending = DemoLibraryPlan.Clips.Where(c => !File.Exists(Path.Combine(root, c.RelativePath))).ToList();
        var skipped = DemoLibraryPlan.Clips.Except(pending).Select(c => c.RelativePath).ToList();
        foreach (var clip in skipped)
        {
            progress?.Report($"exists, kept: {clip}");
        }

        var anyPending = pending.Count > 0 || DemoLibraryPlan.Posters.Any(p => !File.Exists(Path.Combine(root, p.RelativePath)));
        var captions = anyPending && await CanDrawTextAsync(ffmpeg, cancellationToken);
        if (anyPending && !captions)
        {
            progress?.Report("ffmpeg cannot draw text here (no drawtext filter or no font): clips get no captions");
        }

        var created = new ConcurrentBag<string>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount), CancellationToken = cancellationToken };
        // Longest work first, so the slow fractal does not start last and leave a core idle.
        var byCost = pending.OrderByDescending(EstimatedCost).ToList();
        await Parallel.ForEachAsync(byCost, parallel, async (clip, token) =>
        {
            var started = Stopwatch.GetTimestamp();
            await WriteClipAsync(ffmpeg, root, clip, options.ClipLength ?? clip.Length, captions, token);
            created.Add(clip.RelativePath);
            progress?.Report($"created: {clip.RelativePath} ({Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s)");
        });

        foreach (var poster in DemoLibraryPlan.Posters)
        {
            if (File.Exists(Path.Combine(root, poster.RelativePath)))
            {
                skipped.Add(poster.RelativePath);
                progress?.Report($"exists, kept: {poster.RelativePath}");
                continue;
            }

            await WriteAtomicallyAsync(ffmpeg, root, poster.RelativePath, partial => PosterArguments(poster, captions, partial), cancellationToken);
            created.Add(poster.RelativePath);
            progress?.Report($"created: {poster.RelativePath}");
        }

        return new DemoLibrarySummary(created.Order(StringComparer.Ordinal).ToList(), skipped);
    }

    private static async Task WriteAtomicallyAsync(string ffmpeg, string root, string relativePath, Func<string, List<string>> arguments, CancellationToken cancellationToken)
    {
        var target = Path.Combine(root, relativePath);
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        var partial = Path.Combine(folder, $".{Path.GetFileName(target)}.partial");
        try
        {
            var result = await ProcessRunner.RunAsync(ffmpeg, arguments(partial), ClipTimeout, cancellationToken);
            if (!result.Succeeded)
            {
                throw new App.Common.UserFacingException($"ffmpeg could not write {relativePath}: {LastLine(result.StandardError)}");
            }

            File.Move(partial, target, overwrite: false);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static List<string> PosterArguments(DemoPoster poster, bool captions, string output)
    {
        List<string> arguments = ["-nostdin", "-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i", $"color=c={poster.Color}:size=400x600"];
        if (captions)
        {
            arguments.AddRange(["-vf", $"drawtext=text='{CaptionText(poster.Caption)}':fontsize=w/14:fontcolor=white:x=(w-tw)/2:y=(h-th)/2"]);
        }

        arguments.AddRange(["-frames:v", "1", "-c:v", "mjpeg", "-q:v", "4", "-f", "image2", "-update", "1", output]);
        return arguments;
    }

    private static async Task WriteClipAsync(string ffmpeg, string root, DemoClip clip, TimeSpan length, bool captions, CancellationToken cancellationToken)
    {
        var target = Path.Combine(root, clip.RelativePath);
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        var chapters = clip.Chapters > 0 ? Path.Combine(folder, $".{Path.GetFileName(target)}.ffmeta") : null;
        try
        {
            if (chapters is not null)
            {
                await File.WriteAllTextAsync(chapters, ChapterMetadata(clip, length), cancellationToken);
            }

            await WriteAtomicallyAsync(ffmpeg, root, clip.RelativePath, partial => Arguments(clip, length, captions, chapters, partial), cancellationToken);
        }
        finally
        {
            if (chapters is not null)
            {
                File.Delete(chapters);
            }
        }
    }

    private static List<string> Arguments(DemoClip clip, TimeSpan length, bool captions, string? chapters, string output)
    {
        var seconds = length.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var rate = clip.FrameRate;
        List<string> arguments =
        [
            "-nostdin", "-hide_banner", "-v", "error", "-y",
            "-f", "lavfi", "-i", $"{Source(clip.Picture)}=size={clip.Width}x{clip.Height}:rate={rate}",
            "-f", "lavfi", "-i", $"sine=frequency={clip.ToneHz}:sample_rate=48000",
        ];
        if (chapters is not null)
        {
            arguments.AddRange(["-f", "ffmetadata", "-i", chapters, "-map_metadata", "2", "-map_chapters", "2"]);
        }

        arguments.AddRange(["-map", "0:v", "-map", "1:a", "-t", seconds]);
        if (captions)
        {
            // Caption plus a running clock: a viewer can see which clip plays and how far into it a channel joined.
            arguments.AddRange([
                "-vf",
                $"drawtext=text='{CaptionText(clip.Caption)}':fontsize=h/18:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=6:x=(w-tw)/2:y=h-th-h/12,"
                + "drawtext=text='%{pts\\:hms}':fontsize=h/18:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=6:x=w/20:y=h/20",
            ]);
        }

        var keyframeInterval = clip.FrameRate == "25" ? "50" : "60";
        arguments.AddRange([
            "-c:v", "libx264", "-preset", "ultrafast", "-crf", "28", "-g", keyframeInterval, "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "96k", "-ac", clip.AudioChannels.ToString(CultureInfo.InvariantCulture),
            "-metadata", $"title={clip.Caption}",
        ]);
        var mp4 = clip.RelativePath.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase);
        arguments.AddRange(mp4 ? ["-movflags", "+faststart", "-f", "mp4"] : ["-f", "matroska"]);
        arguments.Add(output);
        return arguments;
    }

    /// <summary>An ffmetadata file splitting the clip into equal acts, the chapter marks where breaks can go later.</summary>
    private static string ChapterMetadata(DemoClip clip, TimeSpan length)
    {
        var metadata = new FFMetadataBuilder();
        var total = (long)length.TotalMilliseconds;
        for (var act = 0; act < clip.Chapters; act++)
        {
            metadata.WithChapter(
                $"Act {act + 1}",
                TimeSpan.FromMilliseconds(total * act / clip.Chapters),
                TimeSpan.FromMilliseconds(total * (act + 1) / clip.Chapters));
        }

        return metadata.Build();
    }

    /// <summary>drawtext needs both the filter (libfreetype) and a font from fontconfig; try one frame instead of guessing.</summary>
    private static async Task<bool> CanDrawTextAsync(string ffmpeg, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync(
            ffmpeg,
            ["-nostdin", "-hide_banner", "-v", "error", "-f", "lavfi", "-i", "color=size=64x64:duration=0.1", "-vf", "drawtext=text=RetroVue", "-frames:v", "1", "-f", "null", "-"],
            TimeSpan.FromSeconds(20),
            cancellationToken);
        return result.Succeeded;
    }

    private static double EstimatedCost(DemoClip clip) =>
        clip.Width * clip.Height * clip.Length.TotalSeconds * (clip.Picture == DemoPicture.Fractal ? 4 : 1);

    private static string Source(DemoPicture picture) => picture switch
    {
        DemoPicture.TestPattern => "testsrc2",
        DemoPicture.ColorBars => "smptebars",
        DemoPicture.Fractal => "mandelbrot",
        _ => throw new ArgumentOutOfRangeException(nameof(picture), picture, null),
    };

    /// <summary>Keeps only characters that need no escaping inside a quoted drawtext value (no quotes, colons, backslashes, %).</summary>
    private static string CaptionText(string caption) =>
        new(caption.Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '(' or ')' or '.').ToArray());

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no error text";
}
