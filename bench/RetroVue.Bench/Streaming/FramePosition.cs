using System.Globalization;
using RetroVue.Adapters.Processes;

namespace RetroVue.Bench.Streaming;

/// <summary>
/// Finds which moment of a source file the first picture of a recording shows, by comparing tiny grey frames of
/// both, searching a window around the expected position (test patterns repeat over longer spans).
/// </summary>
internal static class FramePosition
{
    private const int Width = 64;
    private const int Height = 36;
    private const double SearchSeconds = 3;

    /// <summary>The content position of the first picture, and how far (mean absolute grey difference per pixel, 0-255) it is from that source frame.</summary>
    public static async Task<(double Seconds, double Difference)> FirstFrameAsync(string sourcePath, byte[] recording, double expectedSeconds, string work, CancellationToken cancellationToken)
    {
        var recorded = Path.Combine(work, "join.ts");
        await File.WriteAllBytesAsync(recorded, recording, cancellationToken);
        var first = await GreyAsync(recorded, null, 1, work, cancellationToken);
        var from = Math.Max(0, expectedSeconds - SearchSeconds);
        var source = await GreyAsync(sourcePath, from, null, work, cancellationToken, SearchSeconds * 2);
        var rate = await FrameRateAsync(sourcePath, cancellationToken);
        var frame = Width * Height;
        var best = 0;
        var bestDistance = long.MaxValue;
        for (var index = 0; (index + 1) * frame <= source.Length; index++)
        {
            long distance = 0;
            for (var i = 0; i < frame; i++)
            {
                distance += Math.Abs(source[(index * frame) + i] - first[i]);
            }

            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = index;
            }
        }

        return (from + (best / rate), bestDistance / (double)frame);
    }

    private static async Task<double> FrameRateAsync(string path, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=avg_frame_rate", "-of", "csv=p=0", path], TimeSpan.FromSeconds(30), cancellationToken);
        var parts = result.StandardOutput.Trim().Split('/');
        return double.Parse(parts[0], CultureInfo.InvariantCulture) / (parts.Length > 1 ? double.Parse(parts[1], CultureInfo.InvariantCulture) : 1);
    }

    private static async Task<byte[]> GreyAsync(string input, double? from, int? frames, string work, CancellationToken cancellationToken, double? duration = null)
    {
        var output = Path.Combine(work, $"{Guid.NewGuid():N}.gray");
        List<string> arguments = ["-nostdin", "-v", "error", "-y"];
        if (from is { } start)
        {
            // Output-side seek: exact to the frame, which input seeking of a copy would not be.
            arguments.AddRange(["-i", input, "-ss", start.ToString("0.###", CultureInfo.InvariantCulture)]);
        }
        else
        {
            arguments.AddRange(["-i", input]);
        }

        if (duration is { } length)
        {
            arguments.AddRange(["-t", length.ToString("0.###", CultureInfo.InvariantCulture)]);
        }

        if (frames is { } count)
        {
            arguments.AddRange(["-frames:v", count.ToString(CultureInfo.InvariantCulture)]);
        }

        arguments.AddRange(["-an", "-vf", $"scale={Width}:{Height},format=gray", "-f", "rawvideo", output]);
        var result = await ProcessRunner.RunAsync("ffmpeg", arguments, TimeSpan.FromSeconds(60), cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"ffmpeg could not decode {input}: {result.StandardError}");
        }

        var bytes = await File.ReadAllBytesAsync(output, cancellationToken);
        File.Delete(output);
        return bytes;
    }
}
