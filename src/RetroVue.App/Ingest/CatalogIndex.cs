using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.Domain.Library;

namespace RetroVue.App.Ingest;

/// <summary>
/// Ids of the titles, seasons and episodes already in the catalog, so an ingest resolves names
/// without a query per file. Additions made inside a batch are staged and only become visible
/// once that batch commits, so a rolled-back batch leaves no ids pointing at nothing.
/// </summary>
internal sealed class CatalogIndex
{
    private readonly Dictionary<(TitleKind Kind, string Name, int? Year), Guid> _titles = [];
    private readonly Dictionary<(Guid TitleId, int Number), Guid> _seasons = [];
    private readonly Dictionary<(Guid SeasonId, int Number), Guid> _episodes = [];
    private readonly List<Action> _staged = [];
    private readonly HashSet<Guid> _stagedIds = [];

    public static async Task<CatalogIndex> LoadAsync(IRetroVueDbContext db, CancellationToken cancellationToken)
    {
        var index = new CatalogIndex();
        foreach (var t in await db.Titles.AsNoTracking().Select(t => new { t.Id, t.Kind, t.NormalizedName, t.Year }).ToListAsync(cancellationToken))
        {
            index._titles[(t.Kind, t.NormalizedName, t.Year)] = t.Id;
        }

        foreach (var s in await db.Seasons.AsNoTracking().Select(s => new { s.Id, s.TitleId, s.Number }).ToListAsync(cancellationToken))
        {
            index._seasons[(s.TitleId, s.Number)] = s.Id;
        }

        foreach (var e in await db.Episodes.AsNoTracking().Select(e => new { e.Id, e.SeasonId, e.Number }).ToListAsync(cancellationToken))
        {
            index._episodes[(e.SeasonId, e.Number)] = e.Id;
        }

        return index;
    }

    /// <summary>The title's id if it is known, without creating anything.</summary>
    public Guid? FindTitle(TitleKind kind, string name, int? year) =>
        _titles.TryGetValue((kind, Title.Normalize(name), year), out var id) ? id : null;

    public Guid? FindEpisode(Guid titleId, int season, int episode) =>
        _seasons.TryGetValue((titleId, season), out var seasonId) && _episodes.TryGetValue((seasonId, episode), out var episodeId)
            ? episodeId
            : null;

    public Guid EnsureTitle(IRetroVueDbContext db, TitleKind kind, string name, int? year, DateTimeOffset now)
    {
        var key = (kind, Title.Normalize(name), year);
        if (_titles.TryGetValue(key, out var id))
        {
            return id;
        }

        var title = new Title(kind, name, year, now);
        db.Titles.Add(title);
        _titles[key] = title.Id;
        _stagedIds.Add(title.Id);
        _staged.Add(() => _titles.Remove(key));
        return title.Id;
    }

    public Guid EnsureSeason(IRetroVueDbContext db, Guid titleId, int number)
    {
        var key = (titleId, number);
        if (_seasons.TryGetValue(key, out var id))
        {
            return id;
        }

        var season = new Season(titleId, number) { Name = number == 0 ? "Specials" : $"Season {number}" };
        db.Seasons.Add(season);
        _seasons[key] = season.Id;
        _stagedIds.Add(season.Id);
        _staged.Add(() => _seasons.Remove(key));
        return season.Id;
    }

    public Guid EnsureEpisode(IRetroVueDbContext db, Guid titleId, Guid seasonId, int number, DateTimeOffset now, Action<Episode>? describe = null)
    {
        var key = (seasonId, number);
        if (_episodes.TryGetValue(key, out var id))
        {
            return id;
        }

        var episode = new Episode(titleId, seasonId, number, now);
        describe?.Invoke(episode);
        db.Episodes.Add(episode);
        _episodes[key] = episode.Id;
        _stagedIds.Add(episode.Id);
        _staged.Add(() => _episodes.Remove(key));
        return episode.Id;
    }

    /// <summary>True for a title, season or episode this batch created: nothing in the database refers to it yet.</summary>
    public bool IsNew(Guid id) => _stagedIds.Contains(id);

    /// <summary>The batch committed: its additions are real now.</summary>
    public void Commit()
    {
        _staged.Clear();
        _stagedIds.Clear();
    }

    /// <summary>The batch rolled back: forget what it added.</summary>
    public void Rollback()
    {
        foreach (var undo in _staged)
        {
            undo();
        }

        _staged.Clear();
        _stagedIds.Clear();
    }
}
