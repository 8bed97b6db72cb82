using Microsoft.Extensions.Options;
using RetroVue.Adapters.Processes;
using RetroVue.App.Ingest;

namespace RetroVue.Adapters.Media;

/// <summary>
/// Finds the ffmpeg and ffprobe programs: a configured path wins, otherwise PATH is searched.
/// Looked up on every call (a few stat calls) so installing ffmpeg while RetroVue runs takes effect at once.
/// </summary>
/// <param name="findOnPath">How PATH is searched; replaceable because PATH is process-wide and tests run in parallel.</param>
public sealed class FfmpegTools(IOptions<FfmpegOptions> options, Func<string, string?>? findOnPath = null)
{
    private readonly Func<string, string?> _findOnPath = findOnPath ?? ExecutableLocator.FindOnPath;

    public const string InstallHint = "install it with 'sudo apt-get install ffmpeg'";

    public MediaTool Ffprobe => Locate("ffprobe", options.Value.FfprobePath, "Ffmpeg:FfprobePath");

    public MediaTool Ffmpeg => Locate("ffmpeg", options.Value.FfmpegPath, "Ffmpeg:FfmpegPath");

    /// <summary>The path of ffprobe, or an <see cref="EnricherUnavailableException"/> that says how to install it.</summary>
    public string RequireFfprobe() => Ffprobe.Require();

    /// <summary>The path of ffmpeg, or an <see cref="EnricherUnavailableException"/> that says how to install it.</summary>
    public string RequireFfmpeg() => Ffmpeg.Require();

    private MediaTool Locate(string program, string? configuredPath, string configKey)
    {
        if (string.IsNullOrWhiteSpace(configuredPath))
        {
            var found = _findOnPath(program);
            return found is not null
                ? new MediaTool(program, found, null)
                : new MediaTool(program, null, $"{program} was not found on PATH: {InstallHint} (or set {configKey})");
        }

        var configured = ExecutableLocator.FindOnPath(configuredPath.Trim());
        return configured is not null
            ? new MediaTool(program, configured, null)
            : new MediaTool(program, null, $"{program} was not found at '{configuredPath}' ({configKey}): {InstallHint} or correct {configKey}");
    }
}

/// <summary>One located (or missing) program; <see cref="Problem"/> explains a missing one to the operator.</summary>
public sealed record MediaTool(string Program, string? Path, string? Problem)
{
    public bool IsAvailable => Path is not null;

    public string Require() => Path ?? throw new EnricherUnavailableException(Problem!);
}
