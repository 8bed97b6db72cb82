using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.Domain.Library;
using RetroVue.Domain.Review;

namespace RetroVue.App.Library;

/// <summary>What to show of the library. Every part is optional.</summary>
public sealed record AssetFilter(
    string? Search = null,
    string? Source = null,
    AssetState? State = null,
    TitleKind? Kind = null,
    bool Unlinked = false,
    bool NeedsReview = false,
    bool Missing = false);

public sealed record AssetRow(
    Guid Id,
    string Source,
    string Path,
    string FileName,
    string State,
    string ProbeStatus,
    Guid? TitleId,
    string? Title,
    string? TitleKind,
    double? DurationSeconds,
    long SizeBytes,
    string? Video,
    int PendingReview);

/// <summary>One page of assets in path order. Next/Previous are cursors (asset ids) for the neighbouring pages.</summary>
public sealed record AssetPage(IReadOnlyList<AssetRow> Items, Guid? Next, Guid? Previous, int Total);

public sealed record TitlePage(IReadOnlyList<TitleView> Items, int Offset, int Total);

/// <summary>One genre, tag or studio across the library: the name as a source spells it and how many titles carry it.</summary>
public sealed record LabelCount(string Kind, string Name, int Titles);

public sealed record StreamFacts(int Index, string Kind, string? Codec, string? Profile, int? Width, int? Height, double? FrameRate, int? Channels, int? SampleRate, string? Language, bool IsDefault);

public sealed record MarkerFacts(string Kind, double StartSeconds, double? EndSeconds, string? Label);

public sealed record ProviderIdView(string Owner, string Provider, string ExternalId);

public sealed record EpisodeLink(Guid Id, int Season, int Episode, string? Name);

public sealed record AssetDetail(
    AssetRow Summary,
    string? Container,
    long? BitRate,
    string? ProbeError,
    DateTimeOffset? ProbedAt,
    DateTimeOffset ModifiedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? RetiredAt,
    IReadOnlyList<StreamFacts> Streams,
    IReadOnlyList<MarkerFacts> Markers,
    IReadOnlyList<EpisodeLink> Episodes,
    IReadOnlyList<ProviderIdView> ProviderIds,
    IReadOnlyList<Review.ReviewItemView> ReviewHistory);

public sealed record LibraryStats(int Titles, int Shows, int Movies, int Episodes, int Assets, int Ready, int Retired, int ProbeFailed, int Unlinked);

/// <summary>
/// The library as the admin pages and the API browse it: filtered, paged by keyset on (path, id) so
/// that page 1,000 costs what page 1 costs, and an asset's full detail.
/// </summary>
public sealed class LibraryBrowser(IUnitOfWork unitOfWork)
{
    public const int MaxPageSize = 200;

    public Task<AssetPage> AssetsAsync(AssetFilter filter, Guid? after, Guid? before, int limit, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                limit = Math.Clamp(limit, 1, MaxPageSize);
                var filtered = await FilterAsync(db, filter, ct);
                var total = await filtered.CountAsync(ct);
                var backwards = after is null && before is not null;
                var page = filtered;
                if ((after ?? before) is { } cursorId)
                {
                    var cursor = await db.Assets.Where(a => a.Id == cursorId).Select(a => a.CanonicalPath).FirstOrDefaultAsync(ct)
                        ?? throw new UserFacingException("The page you came from no longer exists (its first or last file was removed); start again from the first page.");
                    page = backwards
                        ? page.Where(a => string.Compare(a.CanonicalPath, cursor) <= 0)
                            .Where(a => string.Compare(a.CanonicalPath, cursor) < 0 || a.Id.CompareTo(cursorId) < 0)
                        : page.Where(a => string.Compare(a.CanonicalPath, cursor) >= 0)
                            .Where(a => string.Compare(a.CanonicalPath, cursor) > 0 || a.Id.CompareTo(cursorId) > 0);
                }

                page = backwards
                    ? page.OrderByDescending(a => a.CanonicalPath).ThenByDescending(a => a.Id)
                    : page.OrderBy(a => a.CanonicalPath).ThenBy(a => a.Id);
                var rows = await ProjectAsync(db, page.Take(limit + 1), ct);
                var more = rows.Count > limit;
                rows = rows.Take(limit).ToList();
                if (backwards)
                {
                    rows.Reverse();
                }

                Guid? next = backwards ? rows.LastOrDefault()?.Id : more ? rows[^1].Id : null;
                Guid? previous = backwards ? (more ? rows[0].Id : null) : after is not null && rows.Count > 0 ? rows[0].Id : null;
                return new AssetPage(rows, next, previous, total);
            },
            cancellationToken);

    public Task<TitlePage> TitlesAsync(string? search, TitleKind? kind, int offset, int limit, CancellationToken cancellationToken, TitleLabelFilter? label = null) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                limit = Math.Clamp(limit, 1, MaxPageSize);
                offset = Math.Max(0, offset);
                var titles = db.Titles.AsNoTracking();
                if (!string.IsNullOrWhiteSpace(search))
                {
                    var pattern = LibraryQueries.Like(search);
                    titles = titles.Where(t => EF.Functions.Like(t.Name.ToLower(), pattern, "\\"));
                }

                if (kind is { } wanted)
                {
                    titles = titles.Where(t => t.Kind == wanted);
                }

                if (label is not null)
                {
                    var normalized = label.Name.Normalized;
                    titles = titles.Where(t => db.TitleTags.Any(l => l.TitleId == t.Id && l.Kind == label.Kind && l.NormalizedName == normalized));
                }

                var total = await titles.CountAsync(ct);
                var items = await titles.OrderBy(t => t.Name).ThenBy(t => t.Year).ThenBy(t => t.Id).Skip(offset).Take(limit)
                    .Select(TitleView.From(db))
                    .ToListAsync(ct);
                return new TitlePage(await WithLabelsAsync(db, items, ct), offset, total);
            },
            cancellationToken);

    /// <summary>
    /// The genres, tags and studios in the library (all kinds, or one), each normalised name once with the number of titles
    /// that carry it, most used first; at most <paramref name="limit"/> per kind.
    /// </summary>
    public Task<IReadOnlyList<LabelCount>> LabelsAsync(TagKind? kind, int limit, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync<IReadOnlyList<LabelCount>>(
            async (db, ct) =>
            {
                limit = Math.Clamp(limit, 1, MaxPageSize);
                var labels = db.TitleTags.AsNoTracking();
                if (kind is { } wanted)
                {
                    labels = labels.Where(l => l.Kind == wanted);
                }

                var counted = await labels
                    .GroupBy(l => new { l.Kind, l.NormalizedName })
                    .Select(g => new { g.Key.Kind, g.Key.NormalizedName, Name = g.Min(l => l.Name), Titles = g.Select(l => l.TitleId).Distinct().Count() })
                    .ToListAsync(ct);
                return counted
                    .GroupBy(l => l.Kind)
                    .OrderBy(g => g.Key)
                    .SelectMany(g => g.OrderByDescending(l => l.Titles).ThenBy(l => l.NormalizedName, StringComparer.Ordinal).Take(limit))
                    .Select(l => new LabelCount(l.Kind.ToString().ToLowerInvariant(), l.Name ?? l.NormalizedName, l.Titles))
                    .ToList();
            },
            cancellationToken);

    /// <summary>The page's titles with their labels, loaded in one query; a name two sources give is shown once.</summary>
    private static async Task<IReadOnlyList<TitleView>> WithLabelsAsync(IRetroVueDbContext db, List<TitleView> items, CancellationToken cancellationToken)
    {
        var ids = items.Select(t => t.Id).ToList();
        var labels = (await db.TitleTags.AsNoTracking().Where(l => ids.Contains(l.TitleId)).ToListAsync(cancellationToken))
            .ToLookup(l => (l.TitleId, l.Kind));
        IReadOnlyList<string> Names(Guid id, TagKind kind) =>
            labels[(id, kind)].DistinctBy(l => l.NormalizedName).OrderBy(l => l.NormalizedName, StringComparer.Ordinal).Select(l => l.Name).ToList();
        return items.Select(t => t with { Genres = Names(t.Id, TagKind.Genre), Tags = Names(t.Id, TagKind.Tag), Studios = Names(t.Id, TagKind.Studio) }).ToList();
    }

    public Task<AssetDetail> AssetAsync(Guid id, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var asset = await db.Assets.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct)
                    ?? throw new NotFoundException($"There is no asset {id}.");
                var summary = (await ProjectAsync(db, db.Assets.Where(a => a.Id == id), ct)).Single();
                var markers = await db.Markers.AsNoTracking().Where(m => m.AssetId == id).OrderBy(m => m.Start).ToListAsync(ct);
                var episodes = await (from l in db.EpisodeAssets
                                      join e in db.Episodes on l.EpisodeId equals e.Id
                                      join s in db.Seasons on e.SeasonId equals s.Id
                                      where l.AssetId == id
                                      orderby s.Number, e.Number
                                      select new EpisodeLink(e.Id, s.Number, e.Number, e.Name)).ToListAsync(ct);
                var episodeIds = episodes.Select(e => e.Id).ToList();
                var refs = await db.ProviderRefs.AsNoTracking()
                    .Where(r => r.AssetId == id || (r.EpisodeId != null && episodeIds.Contains(r.EpisodeId.Value)) || (asset.TitleId != null && r.TitleId == asset.TitleId))
                    .ToListAsync(ct);
                var reviews = await db.ReviewItems.AsNoTracking().Where(r => r.AssetId == id).OrderBy(r => r.CreatedAt).ToListAsync(ct);
                return new AssetDetail(
                    summary,
                    asset.Container,
                    asset.BitRate,
                    asset.ProbeError,
                    asset.ProbedAt,
                    asset.ModifiedAt,
                    asset.CreatedAt,
                    asset.UpdatedAt,
                    asset.RetiredAt,
                    asset.Streams.OrderBy(s => s.Index)
                        .Select(s => new StreamFacts(s.Index, s.Kind.ToString().ToLowerInvariant(), s.Codec, s.Profile, s.Width, s.Height, s.FrameRate, s.Channels, s.SampleRate, s.Language, s.IsDefault))
                        .ToList(),
                    markers.Select(m => new MarkerFacts(m.Kind.ToString().ToLowerInvariant(), m.Start.TotalSeconds, m.End?.TotalSeconds, m.Label)).ToList(),
                    episodes,
                    refs.OrderBy(r => r.AssetId is null).ThenBy(r => r.Provider, StringComparer.Ordinal)
                        .Select(r => new ProviderIdView(r.AssetId is not null ? "file" : r.EpisodeId is not null ? "episode" : "title", r.Provider, r.ExternalId))
                        .ToList(),
                    reviews.Select(r => Review.ReviewService.ToView(r, asset.CanonicalPath)).ToList());
            },
            cancellationToken);

    public Task<LibraryStats> StatsAsync(CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var titles = await db.Titles.GroupBy(t => t.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
                var states = await db.Assets.GroupBy(a => a.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
                var failed = await db.Assets.CountAsync(a => a.ProbeStatus == ProbeStatus.Failed && a.State != AssetState.Retired, ct);
                var unlinked = await db.Assets.CountAsync(a => a.TitleId == null && a.State != AssetState.Retired, ct);
                var episodes = await db.Episodes.CountAsync(ct);
                return new LibraryStats(
                    titles.Sum(t => t.Count),
                    titles.Where(t => t.Key == TitleKind.Show).Sum(t => t.Count),
                    titles.Where(t => t.Key == TitleKind.Movie).Sum(t => t.Count),
                    episodes,
                    states.Sum(s => s.Count),
                    states.Where(s => s.Key == AssetState.Ready).Sum(s => s.Count),
                    states.Where(s => s.Key == AssetState.Retired).Sum(s => s.Count),
                    failed,
                    unlinked);
            },
            cancellationToken);

    private static async Task<IQueryable<Asset>> FilterAsync(IRetroVueDbContext db, AssetFilter filter, CancellationToken cancellationToken)
    {
        var assets = db.Assets.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var pattern = LibraryQueries.Like(filter.Search);
            var titleIds = db.Titles.Where(t => EF.Functions.Like(t.Name.ToLower(), pattern, "\\")).Select(t => (Guid?)t.Id);
            assets = assets.Where(a => EF.Functions.Like(a.CanonicalPath.ToLower(), pattern, "\\") || titleIds.Contains(a.TitleId));
        }

        if (!string.IsNullOrWhiteSpace(filter.Source))
        {
            TextInput.Line("The source name", filter.Source);
            var sourceId = await db.Sources.Where(s => s.Name == filter.Source).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException($"There is no source named '{filter.Source}'.");
            assets = assets.Where(a => a.SourceId == sourceId);
        }

        if (filter.State is { } state)
        {
            assets = assets.Where(a => a.State == state);
        }

        if (filter.Kind is { } kind)
        {
            assets = assets.Where(a => db.Titles.Any(t => t.Id == a.TitleId && t.Kind == kind));
        }

        if (filter.Unlinked)
        {
            assets = assets.Where(a => a.TitleId == null);
        }

        if (filter.NeedsReview)
        {
            assets = assets.Where(a => db.ReviewItems.Any(r => r.AssetId == a.Id && r.Status == ReviewStatus.Pending));
        }

        if (filter.Missing)
        {
            assets = assets.Where(a => a.State == AssetState.Retired
                || db.ReviewItems.Any(r => r.AssetId == a.Id && r.Status == ReviewStatus.Pending && r.Reason == ReviewReason.FileNotReachable));
        }

        return assets;
    }

    private static async Task<List<AssetRow>> ProjectAsync(IRetroVueDbContext db, IQueryable<Asset> assets, CancellationToken cancellationToken)
    {
        var rows = await (from a in assets
                          join s in db.Sources on a.SourceId equals s.Id
                          from t in db.Titles.Where(t => t.Id == a.TitleId).DefaultIfEmpty()
                          select new
                          {
                              Asset = a,
                              Source = s.Name,
                              TitleName = t == null ? null : t.Name,
                              TitleKind = t == null ? (TitleKind?)null : t.Kind,
                              Pending = db.ReviewItems.Count(r => r.AssetId == a.Id && r.Status == ReviewStatus.Pending),
                          }).AsNoTracking().ToListAsync(cancellationToken);
        return rows.Select(r =>
        {
            var a = r.Asset;
            var video = a.Streams.FirstOrDefault(s => s.Kind == StreamKind.Video);
            var videoText = video is null ? null : video.Width is { } w && video.Height is { } h ? $"{video.Codec} {w}x{h}" : video.Codec;
            return new AssetRow(
                a.Id,
                r.Source,
                a.CanonicalPath,
                FileNameOf(a.CanonicalPath),
                a.State.ToString().ToLowerInvariant(),
                a.ProbeStatus.ToString().ToLowerInvariant(),
                a.TitleId,
                r.TitleName,
                r.TitleKind?.ToString().ToLowerInvariant(),
                a.Duration?.TotalSeconds,
                a.SizeBytes,
                videoText,
                r.Pending);
        }).ToList();
    }

    private static string FileNameOf(string path)
    {
        var slash = path.LastIndexOfAny(['/', '\\']);
        return slash >= 0 && slash < path.Length - 1 ? path[(slash + 1)..] : path;
    }
}
