using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.Domain.Review;

namespace RetroVue.App.Review;

public sealed record ReviewCounts(int Pending, IReadOnlyDictionary<string, int> PendingByReason);

public sealed record ReviewPage(IReadOnlyList<ReviewItemView> Items, int Offset, int Total);

/// <summary>What a bulk action did: how many items it settled, and why the others were left.</summary>
public sealed record BulkOutcome(int Done, IReadOnlyList<string> Errors);

/// <summary>The review queue as pages show it: counted, paged, and settled many items at a time.</summary>
public sealed class ReviewQueue(ReviewService reviews, IUnitOfWork unitOfWork)
{
    public const int MaxPageSize = 200;
    public const int MaxBulkItems = 500;

    public Task<ReviewCounts> CountsAsync(CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var counts = await db.ReviewItems.Where(r => r.Status == ReviewStatus.Pending)
                    .GroupBy(r => r.Reason).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
                return new ReviewCounts(
                    counts.Sum(c => c.Count),
                    counts.OrderByDescending(c => c.Count).ToDictionary(c => ReviewReasonNames.ToName(c.Key), c => c.Count));
            },
            cancellationToken);

    public Task<ReviewPage> PageAsync(ReviewStatus status, ReviewReason? reason, int offset, int limit, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                limit = Math.Clamp(limit, 1, MaxPageSize);
                offset = Math.Max(0, offset);
                var items = db.ReviewItems.AsNoTracking().Where(r => r.Status == status);
                if (reason is { } wanted)
                {
                    items = items.Where(r => r.Reason == wanted);
                }

                var total = await items.CountAsync(ct);
                var page = await items.Join(db.Assets, r => r.AssetId, a => a.Id, (r, a) => new { r, a.CanonicalPath })
                    .OrderBy(x => x.r.CreatedAt).ThenBy(x => x.CanonicalPath).ThenBy(x => x.r.Id)
                    .Skip(offset).Take(limit).ToListAsync(ct);
                return new ReviewPage(page.Select(x => ReviewService.ToView(x.r, x.CanonicalPath)).ToList(), offset, total);
            },
            cancellationToken);

    /// <summary>Settles each item on its own, so one that someone else settled meanwhile does not stop the rest.</summary>
    public async Task<BulkOutcome> ResolveAllAsync(IReadOnlyCollection<Guid> ids, ReviewDecision decision, CancellationToken cancellationToken)
    {
        // Refused once for the whole request, not once per item.
        ReviewService.RequirePrintable(decision);
        return await EachAsync(ids, id => reviews.ResolveAsync(id, decision, cancellationToken));
    }

    public async Task<BulkOutcome> DismissAllAsync(IReadOnlyCollection<Guid> ids, string? why, CancellationToken cancellationToken)
    {
        ReviewService.RequirePrintableReason(why);
        return await EachAsync(ids, id => reviews.DismissAsync(id, why, cancellationToken));
    }

    private static async Task<BulkOutcome> EachAsync(IReadOnlyCollection<Guid> ids, Func<Guid, Task> action)
    {
        if (ids.Count == 0)
        {
            throw new UserFacingException("Select at least one item.");
        }

        if (ids.Count > MaxBulkItems)
        {
            throw new UserFacingException($"A bulk action takes at most {MaxBulkItems} items at a time.");
        }

        var done = 0;
        var errors = new List<string>();
        foreach (var id in ids.Distinct())
        {
            try
            {
                await action(id);
                done++;
            }
            catch (UserFacingException e)
            {
                errors.Add(e.Message);
            }
        }

        return new BulkOutcome(done, errors);
    }
}

/// <summary>Review reasons as the API and pages spell them ("probe-failed").</summary>
public static class ReviewReasonNames
{
    public static string ToName(ReviewReason reason) =>
        string.Concat(reason.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public static bool TryParse(string? name, out ReviewReason reason)
    {
        foreach (var candidate in Enum.GetValues<ReviewReason>())
        {
            if (string.Equals(ToName(candidate), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                reason = candidate;
                return true;
            }
        }

        reason = default;
        return false;
    }

    public static string Describe(string name) => name switch
    {
        "probe-failed" => "Could not be read",
        "no-video-stream" => "No video",
        "no-usable-duration" => "No usable duration",
        "unmatched-name" => "Name not recognised",
        "file-not-reachable" => "File not reachable",
        _ => name,
    };
}
