using Microsoft.Extensions.Options;
using RetroVue.Adapters.Processes;
using RetroVue.App.Ingest;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Media.Probing;

/// <summary>
/// Reads a file's container, streams and chapters with ffprobe. One ffprobe process per file, limited by
/// <see cref="IngestOptions.ProbeTimeout"/>; a hanging or cancelled ffprobe is killed and reaped by <see cref="ProcessRunner"/>.
/// </summary>
public sealed class FfprobeEnricher(FfmpegTools tools, IOptions<IngestOptions> ingestOptions) : IAssetEnricher
{
    private long _invocations;

    public string Name => "ffprobe";

    /// <summary>How many ffprobe processes this instance has started: lets a re-ingest prove it probed nothing.</summary>
    public long Invocations => Interlocked.Read(ref _invocations);

    public async Task<ProbeResult> EnrichAsync(EnrichmentRequest request, CancellationToken cancellationToken)
    {
        var path = request.Path;
        if (Directory.Exists(path))
        {
            throw new EnrichmentFailedException("This is a folder, not a media file");
        }

        if (!File.Exists(path))
        {
            throw new EnrichmentFailedException("The file is gone (it was moved or deleted after it was found)");
        }

        var ffprobe = tools.RequireFfprobe();

        // "file:" keeps a relative name that looks like a protocol ("http:x.mkv") or an option ("-x.mkv") a plain file.
        var input = "file:" + path;
        var timeout = ingestOptions.Value.ProbeTimeout;
        Interlocked.Increment(ref _invocations);
        ProcessResult result;
        try
        {
            result = await ProcessRunner.RunAsync(ffprobe, Arguments(input), timeout, cancellationToken);
        }
        catch (ProcessTimeoutException e)
        {
            throw new EnrichmentFailedException($"ffprobe did not answer within {timeout.TotalSeconds:0.#} s", e);
        }
        catch (FileNotFoundException e)
        {
            // ffprobe was uninstalled between the lookup and the start.
            throw new EnricherUnavailableException($"ffprobe could not be started ({e.Message}): {FfmpegTools.InstallHint}");
        }

        if (!result.Succeeded)
        {
            var why = FfprobeErrorText.Summarize(result.StandardError, input) ?? $"ffprobe exited with code {result.ExitCode}";
            throw new EnrichmentFailedException(why);
        }

        if (FfprobeErrorText.TruncationSign(result.StandardError) is { } sign)
        {
            throw new EnrichmentFailedException($"The file is truncated ({sign})");
        }

        ProbeResult probe;
        try
        {
            probe = FfprobeOutputParser.Parse(result.StandardOutput);
        }
        catch (FormatException e)
        {
            throw new EnrichmentFailedException(e.Message, e);
        }

        return probe.Streams.Any(s => s.Kind is StreamKind.Video or StreamKind.Audio)
            ? probe
            : throw new EnrichmentFailedException("ffprobe found no audio or video stream in the file");
    }

    private static string[] Arguments(string input) =>
        ["-v", "error", "-show_format", "-show_streams", "-show_chapters", "-of", "json", input];
}
