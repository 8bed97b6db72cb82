using RetroVue.Domain.Review;
using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Streaming;

/// <summary>
/// The streaming engine's view of the timelines: which channel exists and what it plays when.
/// Implemented over the persisted timelines by the scheduling feature; in memory for tests.
/// </summary>
public interface IPlayoutSource
{
    /// <summary>The channel with this number, or null when there is none (or it is disabled).</summary>
    Task<PlayoutChannel?> FindChannelAsync(ChannelNumber number, CancellationToken cancellationToken);

    /// <summary>
    /// The entry playing at <paramref name="instant"/> and up to <paramref name="following"/> entries after it;
    /// null when the channel has no timeline covering that instant.
    /// </summary>
    Task<PlayoutWindow?> AtAsync(ChannelNumber number, DateTimeOffset instant, int following, CancellationToken cancellationToken);
}

/// <summary>The channels a tuner lineup offers, in lineup order.</summary>
public interface IChannelDirectory
{
    Task<IReadOnlyList<LineupChannel>> ListAsync(CancellationToken cancellationToken);
}

/// <summary>A file that could not be played: missing, unreadable, corrupt, or its ffmpeg died or stalled.</summary>
/// <param name="Cause">The review reason the fault files under: one review item per file and cause.</param>
public sealed record PlaybackFault(ChannelNumber Channel, Guid AssetId, string? FilePath, string Problem, DateTimeOffset At, ReviewReason Cause = ReviewReason.PlaybackFailed);

/// <summary>Told about every item replaced by a slate, so the asset can be queued for review.</summary>
public interface IPlaybackFaultSink
{
    Task ReportAsync(PlaybackFault fault, CancellationToken cancellationToken);
}
