using RetroVue.Adapters.Processes;

namespace RetroVue.Adapters.Streaming.Ffmpeg;

/// <summary>
/// Whether this ffmpeg can draw text (drawtext needs libfreetype and a font): decided once by drawing one frame.
/// Without it the slate is a plain colour.
/// </summary>
public sealed class DrawtextProbe
{
    private readonly Lock _gate = new();
    private Task<bool>? _works;

    public Task<bool> WorksAsync(string ffmpegPath, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _works ??= ProbeAsync(ffmpegPath);
        }
    }

    private static async Task<bool> ProbeAsync(string ffmpegPath)
    {
        try
        {
            var result = await ProcessRunner.RunAsync(
                ffmpegPath,
                ["-nostdin", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "color=s=64x64:d=0.04",
                    "-vf", $"drawtext=text={SlateText.Clean(SlateText.Message)}:fontsize=10:expansion=none", "-f", "null", "-"],
                TimeSpan.FromSeconds(15));
            return result.Succeeded;
        }
        catch (Exception e) when (e is ProcessTimeoutException or FileNotFoundException)
        {
            return false;
        }
    }
}
