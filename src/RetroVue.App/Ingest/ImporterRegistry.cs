using RetroVue.App.Common;
using RetroVue.Domain.Library;

namespace RetroVue.App.Ingest;

/// <summary>The importers this installation knows, keyed by source kind. Filled from DI registrations.</summary>
public sealed class ImporterRegistry
{
    private readonly Dictionary<SourceKind, IMediaImporter> _importers;

    public ImporterRegistry(IEnumerable<IMediaImporter> importers)
    {
        _importers = [];
        foreach (var importer in importers)
        {
            if (!_importers.TryAdd(importer.Kind, importer))
            {
                throw new InvalidOperationException($"Two importers are registered for source kind {importer.Kind}.");
            }
        }
    }

    public IReadOnlyCollection<SourceKind> Kinds => _importers.Keys;

    public IMediaImporter For(SourceKind kind) =>
        _importers.TryGetValue(kind, out var importer)
            ? importer
            : throw new UserFacingException($"No importer is registered for {kind.ToString().ToLowerInvariant()} sources.");
}

/// <summary>The enrichers this installation knows, keyed by name.</summary>
public sealed class EnricherRegistry
{
    private readonly Dictionary<string, IAssetEnricher> _enrichers;

    public EnricherRegistry(IEnumerable<IAssetEnricher> enrichers)
    {
        _enrichers = new Dictionary<string, IAssetEnricher>(StringComparer.OrdinalIgnoreCase);
        foreach (var enricher in enrichers)
        {
            if (!_enrichers.TryAdd(enricher.Name, enricher))
            {
                throw new InvalidOperationException($"Two enrichers are registered as '{enricher.Name}'.");
            }
        }
    }

    public IReadOnlyCollection<string> Names => _enrichers.Keys;

    public IAssetEnricher Get(string name) =>
        _enrichers.TryGetValue(name, out var enricher)
            ? enricher
            : throw new UserFacingException($"No enricher is registered as '{name}'.");
}
