using RetroVue.Adapters.Processes;

namespace RetroVue.Tests.Streaming;

/// <summary>
/// Finds which moment of a source file a recorded picture shows: both are decoded to tiny grey frames and the
/// source frame closest to the recording's first frame wins. Works on moving test patterns (testsrc2).
/// </summary>
public static class ContentClock
{
    private const int Width = 64;
    private const int Height = 36;

    public static async Task<TimeSpan> FirstFramePositionAsync(string sourcePath, double sourceFps, byte[] recording, string workFolder)
    {
        var recorded = Path.Combine(workFolder, $"{Guid.NewGuid():N}.ts");
        await File.WriteAllBytesAsync(recorded, recording);
        var first = await GreyFramesAsync(recorded, workFolder, frames: 1);
        var source = await GreyFramesAsync(sourcePath, workFolder, frames: null);
        var frameBytes = Width * Height;
        var best = -1;
        var bestDistance = long.MaxValue;
        for (var index = 0; (index + 1) * frameBytes <= source.Length; index++)
        {
            long distance = 0;
            for (var i = 0; i < frameBytes; i++)
            {
                distance += Math.Abs(source[(index * frameBytes) + i] - first[i]);
            }

            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = index;
            }
        }

        return TimeSpan.FromSeconds(best / sourceFps);
    }

    private static async Task<byte[]> GreyFramesAsync(string input, string workFolder, int? frames)
    {
        var output = Path.Combine(workFolder, $"{Guid.NewGuid():N}.gray");
        List<string> arguments = ["-nostdin", "-v", "error", "-y", "-i", input];
        if (frames is { } count)
        {
            arguments.AddRange(["-frames:v", count.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        arguments.AddRange(["-an", "-vf", $"scale={Width}:{Height},format=gray", "-f", "rawvideo", output]);
        var result = await ProcessRunner.RunAsync(ExecutableLocator.FindOnPath("ffmpeg")!, arguments, TimeSpan.FromSeconds(60));
        Assert.True(result.Succeeded, result.StandardError);
        return await File.ReadAllBytesAsync(output);
    }
}
