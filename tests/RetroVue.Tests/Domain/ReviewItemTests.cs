using RetroVue.Domain.Common;
using RetroVue.Domain.Review;

namespace RetroVue.Tests.Domain;

public sealed class ReviewItemTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_item_closed_by_the_machine_reopens_when_the_problem_returns()
    {
        var item = new ReviewItem(Guid.NewGuid(), ReviewReason.ProbeFailed, "corrupt", Now);
        item.ClearAutomatically(Now.AddHours(1));
        Assert.Equal(ReviewStatus.Resolved, item.Status);

        Assert.True(item.Recur("corrupt again", Now.AddHours(2)));
        Assert.Equal(ReviewStatus.Pending, item.Status);
        Assert.Equal("corrupt again", item.Details);
    }

    [Fact]
    public void An_operators_decision_stands_when_the_problem_is_seen_again()
    {
        var dismissed = new ReviewItem(Guid.NewGuid(), ReviewReason.NoVideoStream, "audio only", Now);
        dismissed.Dismiss("it is a radio show", Now);
        Assert.False(dismissed.Recur("audio only", Now.AddDays(1)));
        Assert.Equal(ReviewStatus.Dismissed, dismissed.Status);

        var resolved = new ReviewItem(Guid.NewGuid(), ReviewReason.UnmatchedName, "no pattern", Now);
        resolved.Resolve("linked to Show", Now);
        Assert.False(resolved.Recur("no pattern", Now.AddDays(1)));
        Assert.Equal(ReviewStatus.Resolved, resolved.Status);
    }

    [Fact]
    public void A_closed_item_cannot_be_resolved_or_dismissed_again()
    {
        var item = new ReviewItem(Guid.NewGuid(), ReviewReason.ProbeFailed, "x", Now);
        item.Dismiss(null, Now);
        Assert.Throws<DomainException>(() => item.Resolve("late", Now));
        Assert.Throws<DomainException>(() => item.Dismiss("twice", Now));
    }
}
