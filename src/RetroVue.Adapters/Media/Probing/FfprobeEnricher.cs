using System.Text.Json;
using FFMpegCore;
using FFMpegCore.Exceptions;
using Instances.Exceptions;
using Microsoft.Extensions.Options;
using RetroVue.App.Ingest;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Media.Probing;

/// <summary>
/// Reads a file's container, streams and chapters with ffprobe through FFMpegCore's <see cref="FFProbe"/>. One ffprobe
/// process per file, limited by <see cref="IngestOptions.ProbeTimeout"/>: on timeout or cancellation FFMpegCore kills
/// the process and waits for it to exit before the call returns (see the enricher tests that look for it in /proc).
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
            throw new EnrichmentFailedException(FileGone);
        }

        var ffprobe = FfmpegCoreOptions.For(tools.Ffprobe);
        using var input = InputFor(path);
        var timeout = ingestOptions.Value.ProbeTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        Interlocked.Increment(ref _invocations);
        IMediaAnalysis analysis;
        try
        {
            analysis = await FFProbe.AnalyseAsync(input.Path, ffprobe, cancellationToken: deadline.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EnrichmentFailedException($"ffprobe did not answer within {timeout.TotalSeconds:0.#} s", e);
        }
        catch (FFProbeProcessException e)
        {
            var why = FfprobeErrorText.Summarize(string.Join('\n', e.StandardError), input.Path) ?? $"ffprobe exited with code {e.ExitCode}";
            throw new EnrichmentFailedException(why, e);
        }
        catch (FormatNullException e)
        {
            throw new EnrichmentFailedException("ffprobe reported no container format for the file", e);
        }
        catch (FileNotFoundException e)
        {
            throw new EnrichmentFailedException(FileGone, e);
        }
        catch (Exception e) when (e is InstanceFileNotFoundException or FFProbeException)
        {
            // ffprobe was uninstalled (or replaced by something that is not ffprobe) between the lookup and the start.
            throw new EnricherUnavailableException($"ffprobe could not be started ({e.Message}): {FfmpegTools.InstallHint}");
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException or ArgumentException)
        {
            // FFMpegCore parses ffprobe's numbers as it reads them; a value it cannot read makes the file unreadable, not the ingest.
            throw new EnrichmentFailedException($"ffprobe's report on the file could not be read ({e.Message})", e);
        }

        if (FfprobeErrorText.TruncationSign(string.Join('\n', analysis.StandardError)) is { } sign)
        {
            throw new EnrichmentFailedException($"The file is truncated ({sign})");
        }

        var probe = ProbeFactsMapper.Map(analysis);
        return probe.Streams.Any(s => s.Kind is StreamKind.Video or StreamKind.Audio)
            ? probe
            : throw new EnrichmentFailedException("ffprobe found no audio or video stream in the file");
    }

    private static ProbeInputPath InputFor(string path)
    {
        try
        {
            return ProbeInputPath.For(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EnrichmentFailedException($"The file's name cannot be handed to ffprobe as it is, and no temporary link to it could be made ({e.Message})", e);
        }
    }

    private const string FileGone = "The file is gone (it was moved or deleted after it was found)";
}
