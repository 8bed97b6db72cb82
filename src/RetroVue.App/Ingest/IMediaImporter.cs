using RetroVue.Domain.Library;

namespace RetroVue.App.Ingest;

/// <summary>
/// Discovers the files of one kind of source. Implementations stream what they find and
/// report problems on the scan instead of throwing, so one bad folder does not stop an ingest.
/// Throw <see cref="Common.UserFacingException"/> only when the source as a whole cannot be read.
/// </summary>
public interface IMediaImporter
{
    /// <summary>The key in the importer registry, equal to the source kind ("filesystem", "plex").</summary>
    SourceKind Kind { get; }

    IAsyncEnumerable<DiscoveredAsset> DiscoverAsync(Source source, ImportScan scan, CancellationToken cancellationToken);
}
