using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.Domain.Review;

namespace RetroVue.App.Review;

/// <summary>
/// Raises and clears review items inside a unit of work, keeping one item per (asset, reason):
/// the same problem is never queued twice, and a problem that went away is closed by itself.
/// </summary>
public sealed class ReviewRecorder(IRetroVueDbContext db, DateTimeOffset now)
{
    private readonly Dictionary<(Guid AssetId, ReviewReason Reason), ReviewItem> _loaded = [];

    // Assets whose every item is in _loaded (preloaded, or new): looking one up never queries.
    private readonly HashSet<Guid> _complete = [];

    /// <summary>How many new items (or reopened ones) this recorder queued.</summary>
    public int Queued { get; private set; }

    /// <summary>Loads the existing items of these assets in one query.</summary>
    public async Task PreloadAsync(IReadOnlyCollection<Guid> assetIds, CancellationToken cancellationToken)
    {
        if (assetIds.Count == 0)
        {
            return;
        }

        var items = await db.ReviewItems.Where(r => assetIds.Contains(r.AssetId)).ToListAsync(cancellationToken);
        foreach (var item in items)
        {
            _loaded[(item.AssetId, item.Reason)] = item;
        }

        _complete.UnionWith(assetIds);
    }

    /// <summary>An asset created in this unit of work has no items yet: raising or clearing its items needs no query.</summary>
    public void TrackNewAsset(Guid assetId) => _complete.Add(assetId);

    public async Task RaiseAsync(Guid assetId, ReviewReason reason, string details, CancellationToken cancellationToken)
    {
        var item = await FindAsync(assetId, reason, cancellationToken);
        if (item is null)
        {
            item = new ReviewItem(assetId, reason, details, now);
            db.ReviewItems.Add(item);
            _loaded[(assetId, reason)] = item;
            Queued++;
            return;
        }

        var wasPending = item.Status == ReviewStatus.Pending;
        if (item.Recur(details, now) && !wasPending)
        {
            Queued++;
        }
    }

    public async Task ClearAsync(Guid assetId, ReviewReason reason, CancellationToken cancellationToken)
    {
        var item = await FindAsync(assetId, reason, cancellationToken);
        item?.ClearAutomatically(now);
    }

    private async Task<ReviewItem?> FindAsync(Guid assetId, ReviewReason reason, CancellationToken cancellationToken)
    {
        if (_loaded.TryGetValue((assetId, reason), out var item) || _complete.Contains(assetId))
        {
            return item;
        }

        item = await db.ReviewItems.FirstOrDefaultAsync(r => r.AssetId == assetId && r.Reason == reason, cancellationToken);
        if (item is not null)
        {
            _loaded[(assetId, reason)] = item;
        }

        return item;
    }
}
