using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.Domain.Library;
using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Scheduling;

/// <summary>The catalog frozen for scheduling, plus the guide text of every episode and title it holds.</summary>
public sealed class LoadedCatalog(CatalogSnapshot snapshot, IReadOnlyDictionary<Guid, GuideDetails> details)
{
    public static LoadedCatalog Empty { get; } = new(CatalogSnapshot.Empty, new Dictionary<Guid, GuideDetails>());

    public CatalogSnapshot Snapshot => snapshot;

    /// <summary>Details of the programme's episode, else of its title.</summary>
    public GuideDetails DetailsFor(GuideProgramme programme) =>
        (programme.EpisodeId is { } episode && details.TryGetValue(episode, out var found))
        || (programme.TitleId is { } title && details.TryGetValue(title, out found))
            ? found
            : GuideDetails.None;
}

/// <summary>
/// Reads titles, episodes, files and markers into <see cref="CatalogItem"/>s. Every file with a title becomes an item;
/// files that are retired or cannot be played are kept as unavailable, so a schedule that wants them reports them.
/// </summary>
public sealed class CatalogSnapshotLoader
{
    public const string MovieCategory = "Movie";
    public const string SeriesCategory = "Series";

    public async Task<LoadedCatalog> LoadAsync(IRetroVueDbContext db, CancellationToken cancellationToken)
    {
        var titles = await db.Titles.AsNoTracking().ToDictionaryAsync(t => t.Id, cancellationToken);
        var assets = await db.Assets.AsNoTracking().Where(a => a.TitleId != null).ToListAsync(cancellationToken);
        var links = await (from link in db.EpisodeAssets.AsNoTracking()
                           join episode in db.Episodes on link.EpisodeId equals episode.Id
                           join season in db.Seasons on episode.SeasonId equals season.Id
                           select new EpisodeRow(link.AssetId, episode.TitleId, episode.Id, season.Number, episode.Number, episode.Name, episode.Summary, episode.AirDate, episode.ContentRating, episode.Still != null))
            .ToListAsync(cancellationToken);
        var markers = await db.Markers.AsNoTracking()
            .Where(m => m.Kind == MarkerKind.Chapter || m.Kind == MarkerKind.Avail)
            .Select(m => new { m.AssetId, m.Kind, m.Start })
            .ToListAsync(cancellationToken);
        var externalIds = await db.ProviderRefs.AsNoTracking()
            .Where(r => r.TitleId != null)
            .Select(r => new { TitleId = r.TitleId!.Value, r.Provider, r.ExternalId })
            .ToListAsync(cancellationToken);

        var tags = await db.TitleTags.AsNoTracking()
            .Select(t => new { t.TitleId, t.Kind, t.NormalizedName })
            .ToListAsync(cancellationToken);

        // A file holding two episodes (S01E01-E02) is scheduled as its first.
        var episodeOf = links.GroupBy(l => l.AssetId)
            .ToDictionary(g => g.Key, g => g.OrderBy(l => l.Season).ThenBy(l => l.Number).First());
        var markersOf = markers.ToLookup(m => m.AssetId, m => (m.Kind, m.Start));
        var idsOf = externalIds.ToLookup(r => r.TitleId, r => new ExternalId(r.Provider, r.ExternalId));
        var tagsOf = tags.ToLookup(t => t.TitleId, t => (t.Kind, t.NormalizedName));
        var labels = new Dictionary<Guid, TitleLabels>();
        TitleLabels LabelsOf(Guid titleId)
        {
            if (!labels.TryGetValue(titleId, out var found))
            {
                var all = tagsOf[titleId].ToList();
                found = new TitleLabels(
                    [.. all.Select(t => t.NormalizedName).Distinct(StringComparer.Ordinal)],
                    [.. all.Where(t => t.Kind == TagKind.Genre).Select(t => t.NormalizedName).Distinct(StringComparer.Ordinal)],
                    [.. all.Where(t => t.Kind == TagKind.Studio).Select(t => t.NormalizedName).Distinct(StringComparer.Ordinal)]);
                labels[titleId] = found;
            }

            return found;
        }

        var items = new List<CatalogItem>(assets.Count);
        foreach (var asset in assets)
        {
            var title = titles[asset.TitleId!.Value];
            var episode = episodeOf.GetValueOrDefault(asset.Id);
            var duration = asset.Duration ?? TimeSpan.Zero;
            var titleLabels = LabelsOf(title.Id);
            items.Add(new CatalogItem
            {
                AssetId = asset.Id,
                TitleId = title.Id,
                TitleName = title.Name,
                TitleKind = title.Kind,
                Year = title.Year,
                EpisodeId = episode?.EpisodeId,
                SeasonNumber = episode?.Season,
                EpisodeNumber = episode?.Number,
                EpisodeTitle = episode?.Name,
                Duration = duration,
                BreakPoints = CatalogItem.BreakPointsFrom(markersOf[asset.Id], duration),
                ContentRating = episode?.ContentRating ?? title.ContentRating,
                ExternalIds = [.. idsOf[title.Id]],
                Tags = titleLabels.All,
                Genres = titleLabels.Genres,
                Studios = titleLabels.Studios,
                CommunityRating = title.CommunityRating,
                SourceId = asset.SourceId,
                AddedAt = asset.CreatedAt,
                Availability = AvailabilityOf(asset),
            });
        }

        return new LoadedCatalog(new CatalogSnapshot(items), Details(titles.Values, links));
    }

    /// <summary>
    /// Retired files left their source; files that did not probe or have no picture cannot play. A probed file with
    /// no length stays available so that validation names it instead of silently dropping it.
    /// </summary>
    public static ItemAvailability AvailabilityOf(Asset asset) =>
        asset.State == AssetState.Retired ? ItemAvailability.Retired
        : asset.State == AssetState.Ready && asset.ProbeStatus == ProbeStatus.Succeeded && asset.Streams.Any(s => s.Kind == StreamKind.Video)
            ? ItemAvailability.Available
            : ItemAvailability.Missing;

    private static Dictionary<Guid, GuideDetails> Details(IEnumerable<Title> titles, List<EpisodeRow> episodes)
    {
        var details = new Dictionary<Guid, GuideDetails>();
        foreach (var title in titles)
        {
            details[title.Id] = new GuideDetails(
                NullIfBlank(title.Summary),
                title.Year?.ToString(CultureInfo.InvariantCulture),
                title.Kind == TitleKind.Movie ? MovieCategory : SeriesCategory,
                title.Poster is null ? null : ArtworkKey.ForTitle(title.Id));
        }

        // An episode without its own text or still is described and pictured by its show.
        foreach (var episode in episodes.DistinctBy(e => e.EpisodeId))
        {
            var show = details.GetValueOrDefault(episode.TitleId) ?? GuideDetails.None;
            details[episode.EpisodeId] = new GuideDetails(
                NullIfBlank(episode.Summary) ?? show.Description,
                episode.AirDate?.ToString("yyyyMMdd", CultureInfo.InvariantCulture) ?? show.Date,
                SeriesCategory,
                episode.HasStill ? ArtworkKey.ForEpisode(episode.EpisodeId) : show.ArtworkKey);
        }

        return details;
    }

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>One title's labels, shared by all its items.</summary>
    private sealed record TitleLabels(IReadOnlyList<string> All, IReadOnlyList<string> Genres, IReadOnlyList<string> Studios);

    private sealed record EpisodeRow(Guid AssetId, Guid TitleId, Guid EpisodeId, int Season, int Number, string? Name, string? Summary, DateOnly? AirDate, string? ContentRating, bool HasStill);
}
