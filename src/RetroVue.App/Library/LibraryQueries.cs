using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.Domain.Library;

namespace RetroVue.App.Library;

public sealed record TitleView(Guid Id, string Kind, string Name, int? Year, int Seasons, int Episodes, int Assets)
{
    /// <summary>The title's genres, tags and studios from every source, each name once (filled by <see cref="LibraryBrowser"/>).</summary>
    public IReadOnlyList<string> Genres { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyList<string> Studios { get; init; } = [];

    /// <summary>The query projection to a view, counted in the database (one query, however many titles).</summary>
    public static Expression<Func<Title, TitleView>> From(IRetroVueDbContext db) =>
        t => new TitleView(
            t.Id,
            t.Kind == TitleKind.Show ? "show" : "movie",
            t.Name,
            t.Year,
            db.Seasons.Count(s => s.TitleId == t.Id),
            db.Episodes.Count(e => e.TitleId == t.Id),
            db.Assets.Count(a => a.TitleId == t.Id && a.State != AssetState.Retired));
}

public sealed record EpisodeView(Guid Id, Guid TitleId, string Show, int Season, int Episode, string? Name, DateOnly? AirDate, int Assets);

public sealed record AssetView(
    Guid Id,
    string Source,
    string Path,
    string State,
    string ProbeStatus,
    string? ProbeError,
    string? Title,
    string? Container,
    double? DurationSeconds,
    long SizeBytes,
    string? VideoCodec,
    int? Width,
    int? Height,
    double? FrameRate,
    string? AudioCodec,
    int? AudioChannels,
    IReadOnlyList<string> Episodes);

/// <summary>Read-only views of the catalog for the CLI, the API and the admin pages.</summary>
public sealed class LibraryQueries(IUnitOfWork unitOfWork)
{
    public const int DefaultLimit = 500;

    public Task<IReadOnlyList<TitleView>> TitlesAsync(string? search, int limit, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync<IReadOnlyList<TitleView>>(
            async (db, ct) =>
            {
                var titles = db.Titles.AsNoTracking();
                if (!string.IsNullOrWhiteSpace(search))
                {
                    var pattern = Like(search);
                    titles = titles.Where(t => EF.Functions.Like(t.Name.ToLower(), pattern, "\\"));
                }

                return await titles.OrderBy(t => t.Name).ThenBy(t => t.Year).Take(limit).Select(TitleView.From(db)).ToListAsync(ct);
            },
            cancellationToken);

    public Task<IReadOnlyList<EpisodeView>> EpisodesAsync(string? search, int limit, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync<IReadOnlyList<EpisodeView>>(
            async (db, ct) =>
            {
                var rows = from e in db.Episodes.AsNoTracking()
                           join s in db.Seasons on e.SeasonId equals s.Id
                           join t in db.Titles on e.TitleId equals t.Id
                           select new { e, s, t };
                if (!string.IsNullOrWhiteSpace(search))
                {
                    var pattern = Like(search);
                    rows = rows.Where(r => EF.Functions.Like(r.t.Name.ToLower(), pattern, "\\") || (r.e.Name != null && EF.Functions.Like(r.e.Name.ToLower(), pattern, "\\")));
                }

                return await rows.OrderBy(r => r.t.Name).ThenBy(r => r.s.Number).ThenBy(r => r.e.Number).Take(limit)
                    .Select(r => new EpisodeView(
                        r.e.Id,
                        r.t.Id,
                        r.t.Name,
                        r.s.Number,
                        r.e.Number,
                        r.e.Name,
                        r.e.AirDate,
                        db.EpisodeAssets.Count(l => l.EpisodeId == r.e.Id)))
                    .ToListAsync(ct);
            },
            cancellationToken);

    public Task<IReadOnlyList<AssetView>> AssetsAsync(string? search, int limit, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync<IReadOnlyList<AssetView>>(
            async (db, ct) =>
            {
                var assets = db.Assets.AsNoTracking();
                if (!string.IsNullOrWhiteSpace(search))
                {
                    var pattern = Like(search);
                    assets = assets.Where(a => EF.Functions.Like(a.CanonicalPath.ToLower(), pattern, "\\"));
                }

                var page = await assets.OrderBy(a => a.CanonicalPath).Take(limit).ToListAsync(ct);
                var ids = page.Select(a => a.Id).ToList();
                var sources = await db.Sources.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, ct);
                var titleIds = page.Select(a => a.TitleId).OfType<Guid>().Distinct().ToList();
                var titles = await db.Titles.AsNoTracking().Where(t => titleIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
                var episodes = (await (from l in db.EpisodeAssets
                                       join e in db.Episodes on l.EpisodeId equals e.Id
                                       join s in db.Seasons on e.SeasonId equals s.Id
                                       where ids.Contains(l.AssetId)
                                       select new { l.AssetId, Season = s.Number, Episode = e.Number }).ToListAsync(ct))
                    .ToLookup(x => x.AssetId, x => $"S{x.Season:00}E{x.Episode:00}");
                return page.Select(a => ToView(a, sources, titles, episodes[a.Id].Order(StringComparer.Ordinal).ToList())).ToList();
            },
            cancellationToken);

    private static AssetView ToView(Asset a, Dictionary<Guid, string> sources, Dictionary<Guid, string> titles, IReadOnlyList<string> episodes)
    {
        var video = a.Streams.FirstOrDefault(s => s.Kind == StreamKind.Video);
        var audio = a.Streams.FirstOrDefault(s => s.Kind == StreamKind.Audio);
        return new AssetView(
            a.Id,
            sources.GetValueOrDefault(a.SourceId, "?"),
            a.CanonicalPath,
            a.State.ToString().ToLowerInvariant(),
            a.ProbeStatus.ToString().ToLowerInvariant(),
            a.ProbeError,
            a.TitleId is { } titleId ? titles.GetValueOrDefault(titleId) : null,
            a.Container,
            a.Duration?.TotalSeconds,
            a.SizeBytes,
            video?.Codec,
            video?.Width,
            video?.Height,
            video?.FrameRate,
            audio?.Codec,
            audio?.Channels,
            episodes);
    }

    /// <summary>A lower-case "contains" pattern, matched against lower-cased columns, with LIKE's wildcards in the text escaped.</summary>
    /// <summary>Every search of the catalog goes through here, so the printable-text rule is checked in one place.</summary>
    internal static string Like(string search) =>
        "%" + TextInput.Line("The search", search)!.Trim().ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
