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

    // Only the artwork that exists: most of a catalog may have none, and a missing key means none.
    private readonly Dictionary<Guid, ArtworkRef> _posters = [];
    private readonly Dictionary<Guid, ArtworkRef> _stills = [];
    private readonly HashSet<Guid> _sources = [];
    private readonly List<Action> _staged = [];
    private readonly HashSet<Guid> _stagedIds = [];

    public static async Task<CatalogIndex> LoadAsync(IRetroVueDbContext db, CancellationToken cancellationToken)
    {
        var index = new CatalogIndex();
        foreach (var t in await db.Titles.AsNoTracking().Select(t => new { t.Id, t.Kind, t.NormalizedName, t.Year, t.Poster }).ToListAsync(cancellationToken))
        {
            index._titles[(t.Kind, t.NormalizedName, t.Year)] = t.Id;
            if (t.Poster is not null)
            {
                index._posters[t.Id] = t.Poster;
            }
        }

        foreach (var e in await db.Episodes.AsNoTracking().Where(e => e.Still != null).Select(e => new { e.Id, e.Still }).ToListAsync(cancellationToken))
        {
            index._stills[e.Id] = e.Still!;
        }

        index._sources.UnionWith(await db.Sources.AsNoTracking().Select(s => s.Id).ToListAsync(cancellationToken));

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

    /// <summary>The poster the title should have after <paramref name="sourceId"/> offered <paramref name="discovered"/>, and whether that differs from what it has.</summary>
    public (bool Changes, ArtworkRef? Poster) SettlePoster(Guid titleId, Guid sourceId, ArtworkRef? discovered) => Settle(_posters, titleId, sourceId, discovered);

    public (bool Changes, ArtworkRef? Still) SettleStill(Guid episodeId, Guid sourceId, ArtworkRef? discovered) => Settle(_stills, episodeId, sourceId, discovered);

    public void SetPoster(Guid titleId, ArtworkRef? poster) => Set(_posters, titleId, poster);

    public void SetStill(Guid episodeId, ArtworkRef? still) => Set(_stills, episodeId, still);

    /// <summary>True for a title, season or episode this batch created: nothing in the database refers to it yet.</summary>
    public bool IsNew(Guid id) => _stagedIds.Contains(id);

    private (bool Changes, ArtworkRef? Value) Settle(Dictionary<Guid, ArtworkRef> current, Guid ownerId, Guid sourceId, ArtworkRef? discovered)
    {
        var before = current.GetValueOrDefault(ownerId);
        var after = ArtworkRef.Settle(before, discovered, sourceId, _sources.Contains);
        return (before != after, after);
    }

    private void Set(Dictionary<Guid, ArtworkRef> current, Guid ownerId, ArtworkRef? value)
    {
        var before = current.GetValueOrDefault(ownerId);
        Put(current, ownerId, value);
        _staged.Add(() => Put(current, ownerId, before));
    }

    private static void Put(Dictionary<Guid, ArtworkRef> current, Guid ownerId, ArtworkRef? value)
    {
        if (value is null)
        {
            current.Remove(ownerId);
        }
        else
        {
            current[ownerId] = value;
        }
    }

    /// <summary>The batch committed: its additions are real now.</summary>
    public void Commit()
    {
        _staged.Clear();
        _stagedIds.Clear();
    }

    /// <summary>The batch rolled back: forget what it added.</summary>
    public void Rollback()
    {
        // Newest first: artwork set twice in one batch goes back to what it was before the batch.
        for (var i = _staged.Count - 1; i >= 0; i--)
        {
            var undo = _staged[i];
            undo();
        }

        _staged.Clear();
        _stagedIds.Clear();
    }
}
