using Microsoft.AspNetCore.Mvc;
using RetroVue.App.Common;
using RetroVue.App.Library;
using RetroVue.App.Review;
using RetroVue.Domain.Review;
using RetroVue.Web.Api;

namespace RetroVue.Web.Admin.Pages.Review;

public sealed class ReviewModel(ReviewService reviews, ReviewQueue queue) : AdminPageModel
{
    public const int PageSize = 25;

    public string? Reason { get; private set; }
    public ReviewCounts Counts { get; private set; } = new(0, new Dictionary<string, int>());
    public ReviewPage Items { get; private set; } = new([], 0, 0);
    public BulkOutcome? Outcome { get; private set; }

    public Task<IActionResult> OnGetAsync(string? reason, int offset, CancellationToken cancellationToken) =>
        ChangeAsync(
            async () =>
            {
                await LoadAsync(reason, offset, cancellationToken);
                return Page();
            });

    public Task<IActionResult> OnPostLinkAsync(Guid id, string? title, int? season, int? episode, string? reason, CancellationToken cancellationToken) =>
        SettleAsync(
            async () =>
            {
                var done = await reviews.ResolveAsync(id, ApiEndpoints.Decision("link", title, season, episode, null), cancellationToken);
                return $"{System.IO.Path.GetFileName(done.AssetPath)}: {done.Resolution}.";
            },
            reason,
            cancellationToken);

    public Task<IActionResult> OnPostApproveAsync(Guid id, string? reason, CancellationToken cancellationToken) =>
        SettleAsync(
            async () =>
            {
                var done = await reviews.ResolveAsync(id, new ApproveAsIs(null), cancellationToken);
                return $"{System.IO.Path.GetFileName(done.AssetPath)} approved as is.";
            },
            reason,
            cancellationToken);

    public Task<IActionResult> OnPostDismissAsync(Guid id, string? reason, CancellationToken cancellationToken) =>
        SettleAsync(
            async () =>
            {
                var done = await reviews.DismissAsync(id, "dismissed in the admin", cancellationToken);
                return $"{System.IO.Path.GetFileName(done.AssetPath)} dismissed.";
            },
            reason,
            cancellationToken);

    public Task<IActionResult> OnPostBulkAsync(List<Guid> ids, string? action, string? title, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(
            async () =>
            {
                Outcome = string.Equals(action, "dismiss", StringComparison.Ordinal)
                    ? await queue.DismissAllAsync(ids, "dismissed in the admin", cancellationToken)
                    : await queue.ResolveAllAsync(ids, ApiEndpoints.Decision(action, title, null, null, null), cancellationToken);
                await LoadAsync(reason, 0, cancellationToken);
                return Page();
            },
            () => LoadAsync(reason, 0, cancellationToken));

    public string Link(int offset) => $"/admin/review?reason={Uri.EscapeDataString(Reason ?? string.Empty)}&offset={offset}";

    private Task<IActionResult> SettleAsync(Func<Task<string>> settle, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(
            async () =>
            {
                Message = await settle();
                return Redirect(string.IsNullOrEmpty(reason) ? "/admin/review" : $"/admin/review?reason={Uri.EscapeDataString(reason)}");
            },
            () => LoadAsync(reason, 0, cancellationToken));

    private async Task LoadAsync(string? reason, int offset, CancellationToken cancellationToken)
    {
        Counts = await queue.CountsAsync(cancellationToken);
        ReviewReason? wanted = null;
        if (!string.IsNullOrEmpty(reason))
        {
            wanted = ReviewReasonNames.TryParse(reason, out var parsed) ? parsed : throw new UserFacingException($"'{reason}' is not a review reason.");
            Reason = ReviewReasonNames.ToName(parsed);
        }

        Items = await queue.PageAsync(ReviewStatus.Pending, wanted, offset, PageSize, cancellationToken);
    }
}
