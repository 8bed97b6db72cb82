using FFMpegCore;
using RetroVue.App.Ingest;

namespace RetroVue.Adapters.Media;

/// <summary>
/// Per-call FFMpegCore options pointing at the program <see cref="FfmpegTools"/> located (the Ffmpeg:FfmpegPath /
/// Ffmpeg:FfprobePath setting, else PATH). RetroVue never configures <see cref="GlobalFFOptions"/>: FFMpegCore would
/// otherwise fall back to an ffmpeg.config.json in the working folder or to a bare program name on PATH, either of which
/// can run a different binary than the one the health check and the streaming pipeline use.
/// </summary>
public static class FfmpegCoreOptions
{
    /// <summary>
    /// Options that make FFMpegCore run exactly <paramref name="tool"/>'s file; an <see cref="EnricherUnavailableException"/>
    /// when the tool is missing or FFMpegCore cannot be pointed at it.
    /// </summary>
    public static FFOptions For(MediaTool tool)
    {
        var path = Path.GetFullPath(tool.Require());
        var folder = Path.GetDirectoryName(path) ?? "/";
        var options = new FFOptions { BinaryFolder = folder };
        var chosen = tool.Program == "ffprobe" ? GlobalFFOptions.GetFFProbeBinaryPath(options) : GlobalFFOptions.GetFFMpegBinaryPath(options);

        // FFMpegCore only knows a folder: it runs "<folder>/x64/<program>" when that exists, and the bare program name
        // from PATH when "<folder>/<program>" does not, so a file named otherwise ("ffprobe-5.1") cannot be run through it.
        return string.Equals(Path.GetFullPath(chosen), path, StringComparison.Ordinal) && Path.IsPathRooted(chosen)
            ? options
            : throw new EnricherUnavailableException(
                $"{tool.Program} at '{path}' cannot be used: RetroVue runs it through FFMpegCore, which only runs a file named "
                + $"'{tool.Program}' directly in the configured folder; point the setting at '{Path.Combine(folder, tool.Program)}' "
                + "(a symbolic link of that name will do)");
    }
}
