namespace RetroVue.App.Ingest;

/// <summary>The file an enricher is asked to read.</summary>
public sealed record EnrichmentRequest(Guid AssetId, string Path);

/// <summary>
/// Adds facts to an asset by reading its file. Returns a probe result, or throws
/// <see cref="EnrichmentFailedException"/> for a file that cannot be read; other exceptions are bugs.
/// </summary>
public interface IAssetEnricher
{
    /// <summary>The key in the enricher registry ("ffprobe").</summary>
    string Name { get; }

    Task<Domain.Library.ProbeResult> EnrichAsync(EnrichmentRequest request, CancellationToken cancellationToken);
}

/// <summary>The file could not be read: corrupt, truncated, vanished, or the reader timed out.</summary>
public sealed class EnrichmentFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The tool an enricher needs is not installed; ingest stops with this message.</summary>
public sealed class EnricherUnavailableException(string message) : Common.UserFacingException(message);
