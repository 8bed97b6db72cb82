using RetroVue.Domain.Common;

namespace RetroVue.Domain.Review;

/// <summary>
/// A problem an operator has to look at. One item per (asset, reason): the same problem is never queued twice.
/// </summary>
public sealed class ReviewItem
{
    private ReviewItem()
    {
        Details = string.Empty;
    }

    public ReviewItem(Guid assetId, ReviewReason reason, string details, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        AssetId = assetId;
        Reason = reason;
        Details = details;
        Status = ReviewStatus.Pending;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid AssetId { get; private set; }
    public ReviewReason Reason { get; private set; }
    public string Details { get; private set; }
    public ReviewStatus Status { get; private set; }
    public string? Resolution { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>The problem was seen again. An item the machine closed itself comes back; an operator's decision stands.</summary>
    public bool Recur(string details, DateTimeOffset now)
    {
        if (Status == ReviewStatus.Pending)
        {
            if (Details == details)
            {
                return false;
            }

            Details = details;
            UpdatedAt = now;
            return true;
        }

        if (Status == ReviewStatus.Resolved && Resolution == AutoResolution)
        {
            Status = ReviewStatus.Pending;
            Resolution = null;
            ClosedAt = null;
            Details = details;
            UpdatedAt = now;
            return true;
        }

        return false;
    }

    public void Resolve(string resolution, DateTimeOffset now)
    {
        EnsurePending();
        Status = ReviewStatus.Resolved;
        Resolution = resolution;
        ClosedAt = now;
        UpdatedAt = now;
    }

    public void Dismiss(string? why, DateTimeOffset now)
    {
        EnsurePending();
        Status = ReviewStatus.Dismissed;
        Resolution = why;
        ClosedAt = now;
        UpdatedAt = now;
    }

    /// <summary>What the machine writes when a later scan finds the problem gone.</summary>
    public const string AutoResolution = "cleared automatically: the problem was no longer found";

    public void ClearAutomatically(DateTimeOffset now)
    {
        if (Status != ReviewStatus.Pending)
        {
            return;
        }

        Status = ReviewStatus.Resolved;
        Resolution = AutoResolution;
        ClosedAt = now;
        UpdatedAt = now;
    }

    private void EnsurePending()
    {
        if (Status != ReviewStatus.Pending)
        {
            throw new DomainException($"Review item {Id} is already {Status.ToString().ToLowerInvariant()}.");
        }
    }
}
