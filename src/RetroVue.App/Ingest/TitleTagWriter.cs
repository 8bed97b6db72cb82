using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.Domain.Library;

namespace RetroVue.App.Ingest;

/// <summary>
/// Replaces the genres, tags and studios one source gives a title with what it gives now. The labels of each title
/// are loaded at most once per batch (none for a title this batch created), and equal sets write nothing, so the
/// hundred episodes of one show cost one query.
/// </summary>
internal sealed class TitleTagWriter(Guid sourceId)
{
    private readonly Dictionary<Guid, List<TitleTag>> _current = [];

    /// <returns>True when a label of the title was added or removed.</returns>
    public async Task<bool> ApplyAsync(IRetroVueDbContext db, Guid titleId, bool titleIsNew, DiscoveredMetadata metadata, CancellationToken cancellationToken)
    {
        if (metadata.Genres is null && metadata.Tags is null && metadata.Studios is null)
        {
            return false;
        }

        if (!_current.TryGetValue(titleId, out var current))
        {
            current = titleIsNew ? [] : await db.TitleTags.Where(t => t.TitleId == titleId && t.SourceId == sourceId).ToListAsync(cancellationToken);
            _current[titleId] = current;
        }

        var changed = Replace(db, titleId, current, TagKind.Genre, metadata.Genres);
        changed |= Replace(db, titleId, current, TagKind.Tag, metadata.Tags);
        changed |= Replace(db, titleId, current, TagKind.Studio, metadata.Studios);
        return changed;
    }

    private bool Replace(IRetroVueDbContext db, Guid titleId, List<TitleTag> current, TagKind kind, IReadOnlyList<string>? given)
    {
        if (given is null)
        {
            return false;
        }

        var wanted = TagName.DistinctFromSource(given);
        var wantedKeys = wanted.Select(n => n.Normalized).ToHashSet(StringComparer.Ordinal);
        var changed = false;
        foreach (var stale in current.Where(t => t.Kind == kind && !wantedKeys.Contains(t.NormalizedName)).ToList())
        {
            db.TitleTags.Remove(stale);
            current.Remove(stale);
            changed = true;
        }

        foreach (var name in wanted.Where(n => !current.Any(t => t.Kind == kind && t.NormalizedName == n.Normalized)))
        {
            var tag = new TitleTag(titleId, sourceId, kind, name);
            db.TitleTags.Add(tag);
            current.Add(tag);
            changed = true;
        }

        return changed;
    }
}
