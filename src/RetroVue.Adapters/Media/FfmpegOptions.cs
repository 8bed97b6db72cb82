namespace RetroVue.Adapters.Media;

/// <summary>Where ffmpeg and ffprobe live when they are not simply on PATH (configuration section "Ffmpeg").</summary>
public sealed class FfmpegOptions
{
    public const string SectionName = "Ffmpeg";

    /// <summary>Full path or program name of ffprobe; empty means "look on PATH".</summary>
    public string? FfprobePath { get; set; }

    /// <summary>Full path or program name of ffmpeg; empty means "look on PATH".</summary>
    public string? FfmpegPath { get; set; }
}
