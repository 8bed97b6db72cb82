using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.App.Review;
using RetroVue.Domain.Library;
using RetroVue.Domain.Review;

namespace RetroVue.App.Ingest;

/// <summary>Writes one batch of new or changed files into the catalog, inside one unit of work.</summary>
internal sealed class CatalogWriter(CatalogIndex catalog, DateTimeOffset now)
{
    // The provider ids of each owner touched in this batch, loaded at most once per owner and never for an owner
    // this batch created: a first sync of thousands of items makes no query per item.
    private readonly Dictionary<Guid, List<ProviderRef>> _providerRefs = [];
    private readonly HashSet<Guid> _createdAssets = [];
    private TitleTagWriter? _tags;

    public sealed record Result(IReadOnlyList<(string Path, KnownAsset Asset)> Written, int Added, int Updated, int SentToReview);

    public async Task<Result> WriteAsync(
        IRetroVueDbContext db,
        Source source,
        IReadOnlyList<DiscoveredAsset> items,
        IReadOnlyDictionary<string, KnownAsset> known,
        CancellationToken cancellationToken)
    {
        var existingIds = items.Select(i => known.TryGetValue(i.CanonicalPath, out var k) ? k.Id : (Guid?)null).OfType<Guid>().ToList();
        var existing = await db.Assets.Where(a => existingIds.Contains(a.Id)).ToDictionaryAsync(a => a.CanonicalPath, StringComparer.Ordinal, cancellationToken);
        var links = (await db.EpisodeAssets.Where(l => existingIds.Contains(l.AssetId)).ToListAsync(cancellationToken)).ToLookup(l => l.AssetId);
        _tags ??= new TitleTagWriter(source.Id);
        var review = new ReviewRecorder(db, now);
        await review.PreloadAsync(existingIds, cancellationToken);

        // The markers a source replaces are loaded once per batch, and only for files it sent markers for.
        var markersReplaced = items.Where(i => i.Metadata?.Markers is not null && known.ContainsKey(i.CanonicalPath))
            .Select(i => known[i.CanonicalPath].Id)
            .ToList();
        var sourceMarkers = markersReplaced.Count == 0
            ? Enumerable.Empty<Marker>().ToLookup(m => m.AssetId)
            : (await db.Markers.Where(m => markersReplaced.Contains(m.AssetId) && m.Kind != MarkerKind.Avail).ToListAsync(cancellationToken)).ToLookup(m => m.AssetId);

        var written = new List<(string, KnownAsset)>();
        var added = 0;
        var updated = 0;
        var handled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!handled.Add(item.CanonicalPath))
            {
                continue;
            }

            if (existing.TryGetValue(item.CanonicalPath, out var asset))
            {
                asset.Observe(item.Fingerprint, now, item.Metadata?.SourceFingerprint);
                updated++;
            }
            else
            {
                asset = new Asset(source.Id, item.CanonicalPath, item.Fingerprint, now, item.Metadata?.SourceFingerprint);
                db.Assets.Add(asset);
                _createdAssets.Add(asset.Id);
                review.TrackNewAsset(asset.Id);
                added++;
            }

            asset.Locate(item.Metadata?.LocallyReachable ?? true, item.Metadata?.StreamKey, now);
            var episodeIds = await LinkAsync(db, asset, item, links[asset.Id].ToList(), review, cancellationToken);
            await ApplyMetadataAsync(db, asset, item, episodeIds, review, cancellationToken);
            await ApplyArtworkAsync(db, source.Id, asset, item.Artwork, episodeIds, cancellationToken);
            if (item.Metadata?.Markers is { } markers)
            {
                db.Markers.RemoveRange(sourceMarkers[asset.Id]);
                AssetMarkers.Add(db, asset.Id, markers);
            }

            written.Add((item.CanonicalPath, KnownAsset.Of(asset, episodeIds)));
        }

        return new Result(written, added, updated, review.Queued);
    }

    private async Task<HashSet<Guid>> LinkAsync(
        IRetroVueDbContext db,
        Asset asset,
        DiscoveredAsset item,
        List<EpisodeAsset> currentLinks,
        ReviewRecorder review,
        CancellationToken cancellationToken)
    {
        var wanted = new HashSet<Guid>();
        switch (item.Identity)
        {
            case MovieIdentity movie:
                asset.AssignTitle(catalog.EnsureTitle(db, TitleKind.Movie, movie.Name, movie.Year, now), now);
                await review.ClearAsync(asset.Id, ReviewReason.UnmatchedName, cancellationToken);
                break;
            case EpisodeIdentity episode:
                var titleId = catalog.EnsureTitle(db, TitleKind.Show, episode.ShowName, episode.ShowYear, now);
                asset.AssignTitle(titleId, now);
                var seasonId = catalog.EnsureSeason(db, titleId, episode.SeasonNumber);
                var single = episode.EpisodeNumbers.Count == 1;
                void Describe(Episode e)
                {
                    e.Name = single ? episode.EpisodeTitle : null;
                    e.Summary = item.Metadata?.EpisodeSummary;
                    e.AirDate = item.Metadata?.AirDate;
                    e.ContentRating = item.Metadata?.EpisodeContentRating;
                }

                foreach (var number in episode.EpisodeNumbers)
                {
                    var episodeId = catalog.EnsureEpisode(db, titleId, seasonId, number, now, Describe);
                    wanted.Add(episodeId);

                    // A rich source is the authority on its episodes: an edit there (a new title, summary) is taken over.
                    if (item.Metadata is not null && !catalog.IsNew(episodeId) && await db.Episodes.FindAsync([episodeId], cancellationToken) is { } known)
                    {
                        var before = (known.Name, known.Summary, known.AirDate, known.ContentRating);
                        Describe(known);
                        if (before != (known.Name, known.Summary, known.AirDate, known.ContentRating))
                        {
                            known.UpdatedAt = now;
                        }
                    }
                }

                await review.ClearAsync(asset.Id, ReviewReason.UnmatchedName, cancellationToken);
                break;
            case UnmatchedIdentity unmatched:
                // An operator's link (made through the review queue) stands until the file changes name.
                if (asset.TitleId is null)
                {
                    await review.RaiseAsync(asset.Id, ReviewReason.UnmatchedName, $"{item.CanonicalPath}: {unmatched.Why}", cancellationToken);
                }

                return currentLinks.Select(l => l.EpisodeId).ToHashSet();
        }

        foreach (var stale in currentLinks.Where(l => !wanted.Contains(l.EpisodeId)))
        {
            db.EpisodeAssets.Remove(stale);
        }

        foreach (var episodeId in wanted.Where(id => currentLinks.All(l => l.EpisodeId != id)))
        {
            db.EpisodeAssets.Add(new EpisodeAsset(episodeId, asset.Id));
        }

        return wanted;
    }

    private async Task ApplyMetadataAsync(
        IRetroVueDbContext db,
        Asset asset,
        DiscoveredAsset item,
        IReadOnlySet<Guid> episodeIds,
        ReviewRecorder review,
        CancellationToken cancellationToken)
    {
        if (item.Metadata is not { } metadata)
        {
            return;
        }

        if (metadata.KnownFacts is { } facts && asset.ProbeStatus != ProbeStatus.Succeeded)
        {
            asset.CompleteProbe(facts, now);
        }

        if (metadata.MetadataProblems.Count > 0)
        {
            await review.RaiseAsync(asset.Id, ReviewReason.MetadataUnreadable, string.Join(" ", metadata.MetadataProblems), cancellationToken);
        }
        else
        {
            await review.ClearAsync(asset.Id, ReviewReason.MetadataUnreadable, cancellationToken);
        }

        if (!metadata.LocallyReachable && metadata.ExpectedLocally)
        {
            var where = metadata.LocalPath is { } local
                ? $"{metadata.SourcePath ?? item.CanonicalPath} maps to {local}, which is not reachable on this machine"
                : $"{metadata.SourcePath ?? item.CanonicalPath} has no local path (no path mapping matches it)";
            var how = metadata.StreamKey is null ? "it cannot be played until it is" : "it plays through the source until it is";
            await review.RaiseAsync(asset.Id, ReviewReason.FileNotReachable, $"{where}; {how}.", cancellationToken);
        }
        else
        {
            await review.ClearAsync(asset.Id, ReviewReason.FileNotReachable, cancellationToken);
        }

        if (asset.TitleId is { } titleId)
        {
            var title = await db.Titles.FindAsync([titleId], cancellationToken);
            if (title is not null)
            {
                var before = (title.Summary, title.ContentRating, title.CommunityRating);
                title.Summary = metadata.TitleSummary ?? title.Summary;
                title.ContentRating = metadata.TitleContentRating ?? title.ContentRating;
                title.CommunityRating = metadata.TitleCommunityRating ?? title.CommunityRating;
                if (await _tags!.ApplyAsync(db, titleId, catalog.IsNew(titleId), metadata, cancellationToken) || before != (title.Summary, title.ContentRating, title.CommunityRating))
                {
                    title.UpdatedAt = now;
                }
            }

            await UpsertProviderRefsAsync(db, metadata.TitleIds, titleId, catalog.IsNew(titleId), r => r.TitleId == titleId, (p, id) => ProviderRef.ForTitle(titleId, p, id), cancellationToken);
        }

        foreach (var episodeId in episodeIds)
        {
            await UpsertProviderRefsAsync(db, metadata.EpisodeIds, episodeId, catalog.IsNew(episodeId), r => r.EpisodeId == episodeId, (p, id) => ProviderRef.ForEpisode(episodeId, p, id), cancellationToken);
        }

        await UpsertProviderRefsAsync(db, metadata.AssetIds, asset.Id, _createdAssets.Contains(asset.Id), r => r.AssetId == asset.Id, (p, id) => ProviderRef.ForAsset(asset.Id, p, id), cancellationToken);
    }

    /// <summary>Sets the poster and stills the source offers where they are its own to set; equal values write nothing.</summary>
    private async Task ApplyArtworkAsync(
        IRetroVueDbContext db, Guid sourceId, Asset asset, DiscoveredArtwork? artwork, IReadOnlySet<Guid> episodeIds, CancellationToken cancellationToken)
    {
        if (artwork is null || asset.TitleId is not { } titleId)
        {
            return;
        }

        var (posterChanges, poster) = catalog.SettlePoster(titleId, sourceId, artwork.TitlePoster);
        if (posterChanges && await db.Titles.FindAsync([titleId], cancellationToken) is { } title)
        {
            title.Poster = poster;
            title.UpdatedAt = now;
            catalog.SetPoster(titleId, poster);
        }

        foreach (var episodeId in episodeIds)
        {
            var (stillChanges, still) = catalog.SettleStill(episodeId, sourceId, artwork.EpisodeStill);
            if (stillChanges && await db.Episodes.FindAsync([episodeId], cancellationToken) is { } episode)
            {
                episode.Still = still;
                episode.UpdatedAt = now;
                catalog.SetStill(episodeId, still);
            }
        }
    }

    private async Task UpsertProviderRefsAsync(
        IRetroVueDbContext db,
        IReadOnlyDictionary<string, string> ids,
        Guid ownerId,
        bool ownerIsNew,
        System.Linq.Expressions.Expression<Func<ProviderRef, bool>> owner,
        Func<string, string, ProviderRef> create,
        CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        if (!_providerRefs.TryGetValue(ownerId, out var current))
        {
            current = ownerIsNew ? [] : await db.ProviderRefs.Where(owner).ToListAsync(cancellationToken);
            _providerRefs[ownerId] = current;
        }

        foreach (var (provider, externalId) in ids)
        {
            if (current.Any(r => r.Provider == provider && r.ExternalId == externalId))
            {
                continue;
            }

            foreach (var outdated in current.Where(r => r.Provider == provider).ToList())
            {
                db.ProviderRefs.Remove(outdated);
                current.Remove(outdated);
            }

            var created = create(provider, externalId);
            db.ProviderRefs.Add(created);
            current.Add(created);
        }
    }
}
