using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;

namespace RetroVue.App.Sources;

/// <summary>
/// The titles, seasons and episodes some files were linked to, noted before the files go, so that those left with
/// nothing to play afterwards can be removed too. Rows the files were never linked to are never looked at.
/// </summary>
internal sealed class CatalogOrphans
{
    private readonly List<Guid> _titles;
    private readonly List<Guid> _seasons;
    private readonly List<Guid> _episodes;

    private CatalogOrphans(List<Guid> titles, List<Guid> seasons, List<Guid> episodes)
    {
        _titles = titles;
        _seasons = seasons;
        _episodes = episodes;
    }

    public static async Task<CatalogOrphans> NoteAsync(IRetroVueDbContext db, IQueryable<Guid> assetIds, CancellationToken cancellationToken)
    {
        var episodes = await db.Episodes
            .Where(e => db.EpisodeAssets.Any(ea => ea.EpisodeId == e.Id && assetIds.Contains(ea.AssetId)))
            .Select(e => new { e.Id, e.SeasonId, e.TitleId })
            .ToListAsync(cancellationToken);
        var assetTitles = await db.Assets
            .Where(a => assetIds.Contains(a.Id) && a.TitleId != null)
            .Select(a => a.TitleId!.Value)
            .Distinct()
            .ToListAsync(cancellationToken);
        return new CatalogOrphans(
            assetTitles.Concat(episodes.Select(e => e.TitleId)).Distinct().ToList(),
            episodes.Select(e => e.SeasonId).Distinct().ToList(),
            episodes.Select(e => e.Id).ToList());
    }

    /// <summary>
    /// Run after the files are gone: episodes without a file from any source, then seasons without episodes, then
    /// titles without seasons, episodes or files (episodes first: a title cannot go while one points at it).
    /// </summary>
    public async Task<(int Titles, int Seasons, int Episodes)> RemoveAsync(IRetroVueDbContext db, CancellationToken cancellationToken)
    {
        var episodes = await db.Episodes
            .Where(e => _episodes.Contains(e.Id) && !db.EpisodeAssets.Any(ea => ea.EpisodeId == e.Id))
            .ExecuteDeleteAsync(cancellationToken);
        var seasons = await db.Seasons
            .Where(s => _seasons.Contains(s.Id) && !db.Episodes.Any(e => e.SeasonId == s.Id))
            .ExecuteDeleteAsync(cancellationToken);
        var titles = await db.Titles
            .Where(t => _titles.Contains(t.Id)
                && !db.Seasons.Any(s => s.TitleId == t.Id)
                && !db.Episodes.Any(e => e.TitleId == t.Id)
                && !db.Assets.Any(a => a.TitleId == t.Id))
            .ExecuteDeleteAsync(cancellationToken);
        return (titles, seasons, episodes);
    }
}
