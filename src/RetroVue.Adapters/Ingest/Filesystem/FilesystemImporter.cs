using System.Runtime.CompilerServices;
using RetroVue.App.Common;
using RetroVue.App.Ingest;
using RetroVue.App.Ingest.Naming;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Ingest.Filesystem;

/// <summary>
/// Imports a folder tree: every video file below the source's "path", named by its place in the tree
/// and read as shows, movies or both according to the source's "kind", with the posters and stills beside it
/// (<see cref="FileArtwork"/>), and what the registered metadata enrichers (NFO files) add.
/// </summary>
public sealed class FilesystemImporter : IMediaImporter
{
    private readonly IDirectoryLister _lister;
    private readonly MetadataEnricherRegistry _enrichers;

    public FilesystemImporter()
        : this(new LocalDirectoryLister())
    {
    }

    public FilesystemImporter(IDirectoryLister lister, MetadataEnricherRegistry? enrichers = null)
    {
        _lister = lister;
        _enrichers = enrichers ?? MetadataEnricherRegistry.Empty;
    }

    public SourceKind Kind => SourceKind.Filesystem;

    public async IAsyncEnumerable<DiscoveredAsset> DiscoverAsync(
        Source source,
        ImportScan scan,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var contentKind = FilesystemSourceSettings.ContentKindOf(source);
        var root = OpenRoot(source);
        var walk = new FolderWalk(root, _lister, scan);
        var enrich = _enrichers.BeginScan();
        await foreach (var file in walk.RunAsync(cancellationToken))
        {
            scan.CountFileSeen();
            var identity = MediaNameParser.Parse(file.RelativePath, contentKind);
            var found = new DiscoveredAsset(file.CanonicalPath, file.Fingerprint, identity);
            var enriched = enrich(found, new LocalMediaFile(file.CanonicalPath, root, scan.KnownSourceFingerprint(file.CanonicalPath)));

            // Artwork follows the final identity: an NFO may have renamed the show or movie.
            yield return enriched with { Artwork = file.Artwork.For(enriched.Identity, source.Id) };
        }
    }

    /// <summary>The source's folder, canonical; refused with the operator's own spelling of it when unusable.</summary>
    private static string OpenRoot(Source source)
    {
        var configured = FilesystemSourceSettings.RootOf(source);

        // A relative path would mean something else for the CLI and for the server, and every
        // asset's identity hangs on it.
        if (!Path.IsPathFullyQualified(configured))
        {
            throw new UserFacingException($"Source '{source.Name}' has path '{configured}', which is not absolute: give the full path of the folder.");
        }

        if (File.Exists(configured))
        {
            throw new UserFacingException($"Source '{source.Name}' has path '{configured}', which is a file: it must be a folder.");
        }

        if (!Directory.Exists(configured))
        {
            throw new UserFacingException($"Source '{source.Name}' has path '{configured}', which does not exist or cannot be reached.");
        }

        try
        {
            return CanonicalPath.Resolve(configured);
        }
        catch (IOException ex)
        {
            throw new UserFacingException($"Source '{source.Name}' has path '{configured}', which cannot be resolved: {ex.Message}", ex);
        }
    }
}
