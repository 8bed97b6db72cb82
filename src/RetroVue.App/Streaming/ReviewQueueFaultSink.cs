using RetroVue.App.Common;
using RetroVue.App.Review;
using RetroVue.Domain.Review;

namespace RetroVue.App.Streaming;

/// <summary>
/// Every item a channel could not play becomes one review item for its file and cause (never two for the same cause):
/// a Plex that refuses the token and later loses the file gives two items, each with its own remedy.
/// </summary>
public sealed class ReviewQueueFaultSink(IUnitOfWork unitOfWork, TimeProvider clock) : IPlaybackFaultSink
{
    public Task ReportAsync(PlaybackFault fault, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                if (!await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Assets, a => a.Id == fault.AssetId, ct))
                {
                    return;
                }

                var review = new ReviewRecorder(db, clock.GetUtcNow());
                await review.RaiseAsync(
                    fault.AssetId,
                    fault.Cause,
                    $"Channel {fault.Channel} could not play {fault.FilePath ?? "the file"}: {fault.Problem}",
                    ct);
            },
            cancellationToken);
}
