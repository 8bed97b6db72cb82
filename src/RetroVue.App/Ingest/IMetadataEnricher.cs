namespace RetroVue.App.Ingest;

/// <summary>
/// A plugin that adds what metadata files beside a local media file say (Kodi NFO files, ...) to what the folder
/// importer found. Every registered enricher runs, in registration order, on every file of a folder source; one that
/// finds nothing returns the asset unchanged, so names from the folder tree keep working without any metadata file.
/// </summary>
public interface IMetadataEnricher
{
    string Name { get; }

    /// <summary>A reader for one scan: it may remember files it already read (a show's NFO is shared by its episodes).</summary>
    IMetadataScan BeginScan();
}

/// <summary>One scan's use of an <see cref="IMetadataEnricher"/>; not shared between threads.</summary>
public interface IMetadataScan
{
    /// <summary>The asset with the facts the metadata files give; the same asset when there are none.</summary>
    DiscoveredAsset Enrich(DiscoveredAsset asset, LocalMediaFile file);
}

/// <param name="Path">The media file on this machine.</param>
/// <param name="Root">The source's folder: metadata files are looked for at or below it only.</param>
/// <param name="KnownSourceFingerprint">The source fingerprint the catalog holds for the file, if any: tells a metadata file that was removed from one that never was.</param>
public sealed record LocalMediaFile(string Path, string Root, string? KnownSourceFingerprint);

/// <summary>The registered metadata enrichers, applied one after the other.</summary>
public sealed class MetadataEnricherRegistry(IEnumerable<IMetadataEnricher> enrichers)
{
    private readonly IReadOnlyList<IMetadataEnricher> _enrichers = enrichers.ToList();

    public static MetadataEnricherRegistry Empty { get; } = new([]);

    public IReadOnlyList<string> Names => _enrichers.Select(e => e.Name).ToList();

    /// <summary>A function that enriches the assets of one scan.</summary>
    public Func<DiscoveredAsset, LocalMediaFile, DiscoveredAsset> BeginScan()
    {
        var scans = _enrichers.Select(e => e.BeginScan()).ToList();
        return (asset, file) =>
        {
            foreach (var scan in scans)
            {
                asset = scan.Enrich(asset, file);
            }

            return asset;
        };
    }
}
