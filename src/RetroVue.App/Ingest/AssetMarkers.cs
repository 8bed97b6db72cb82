using RetroVue.App.Common;
using RetroVue.Domain.Library;

namespace RetroVue.App.Ingest;

/// <summary>Turns the markers a reader (ffprobe) or a source (Plex) found in a file into marker rows.</summary>
internal static class AssetMarkers
{
    private const int MaxLabelLength = 512;

    /// <summary>Adds one row per kind and start: the table allows no more, and a file listing a chapter twice means it once.</summary>
    public static void Add(IRetroVueDbContext db, Guid assetId, IEnumerable<MarkerFact> facts)
    {
        var seen = new HashSet<(MarkerKind, TimeSpan)>();
        foreach (var fact in facts.Where(f => seen.Add((f.Kind, f.Start))))
        {
            var label = fact.Label is { Length: > MaxLabelLength } text ? text[..MaxLabelLength] : fact.Label;
            db.Markers.Add(new Marker(assetId, fact.Kind, fact.Start, fact.End, label));
        }
    }
}
