using System.Globalization;
using RetroVue.Adapters.Processes;

namespace RetroVue.Bench.Ingest;

/// <summary>
/// A generated show library: a few tiny clips made by ffmpeg in different formats, copied to
/// N episode files laid out as Show/Season 01/Show - S01Exx.ext. Reused when it exists.
/// </summary>
internal static class BenchLibrary
{
    private const int EpisodesPerShow = 50;

    private static readonly (string Extension, string Arguments)[] Variants =
    [
        ("mkv", "-f lavfi -i testsrc2=size=160x90:rate=25 -f lavfi -i sine=frequency=440:sample_rate=48000 -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -ac 2"),
        ("mp4", "-f lavfi -i smptebars=size=160x120:rate=30000/1001 -f lavfi -i sine=frequency=330:sample_rate=44100 -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -ac 1"),
        ("avi", "-f lavfi -i testsrc=size=176x144:rate=25 -f lavfi -i sine=frequency=550:sample_rate=48000 -c:v mpeg4 -c:a mp3 -ac 2"),
        ("mov", "-f lavfi -i rgbtestsrc=size=160x90:rate=24 -f lavfi -i sine=frequency=660:sample_rate=48000 -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -ac 2"),
    ];

    public static async Task EnsureAsync(string root, int fileCount, CancellationToken cancellationToken)
    {
        var marker = Path.Combine(root, ".complete");
        if (File.Exists(marker))
        {
            return;
        }

        var clips = Path.Combine(root, ".clips");
        Directory.CreateDirectory(clips);
        var sources = new List<string>();
        foreach (var (extension, arguments) in Variants)
        {
            var clip = Path.Combine(clips, $"clip.{extension}");
            if (!File.Exists(clip))
            {
                var result = await ProcessRunner.RunAsync(
                    "ffmpeg",
                    ["-v", "error", "-y", .. arguments.Split(' '), "-t", "2", clip],
                    TimeSpan.FromMinutes(1),
                    cancellationToken);
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"ffmpeg failed to make {clip}: {result.StandardError}");
                }
            }

            sources.Add(clip);
        }

        for (var i = 0; i < fileCount; i++)
        {
            var show = $"Bench Show {i / EpisodesPerShow + 1:000}";
            var episode = i % EpisodesPerShow + 1;
            var clip = sources[i % sources.Count];
            var folder = Path.Combine(root, show, "Season 01");
            Directory.CreateDirectory(folder);
            var target = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{show} - S01E{episode:00}{Path.GetExtension(clip)}"));
            if (!File.Exists(target))
            {
                File.Copy(clip, target);
            }
        }

        await File.WriteAllTextAsync(marker, fileCount.ToString(CultureInfo.InvariantCulture), cancellationToken);
    }
}
