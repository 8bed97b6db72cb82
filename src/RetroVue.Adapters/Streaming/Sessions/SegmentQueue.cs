using Microsoft.Extensions.Logging;
using RetroVue.App.Streaming;

namespace RetroVue.Adapters.Streaming.Sessions;

/// <summary>
/// What a channel plays next: the segment a session starts with (mid-item, at the present) and each one after it,
/// read from the timeline a few entries ahead.
/// </summary>
public sealed class SegmentQueue(PlayoutChannel channel, IPlayoutSource source, ILogger logger)
{
    private const int LookAhead = 4;

    private readonly Queue<PlayoutItem> _upcoming = new();

    /// <summary>The segment on air at <paramref name="now"/>, from the instant itself; the off-air slate when there is no timeline.</summary>
    public async Task<Segment> FirstAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var window = await source.AtAsync(channel.Number, now, LookAhead, cancellationToken);
        if (window is null)
        {
            logger.LogWarning("Channel {Channel} has no timeline at {Instant:O}: playing the off-air slate", channel.Number, now);
            return Segment.OffAir(now);
        }

        foreach (var item in window.Following)
        {
            _upcoming.Enqueue(item);
        }

        return new Segment(window.Current, window.Offset, Substitute: false, IsJoin: true);
    }

    /// <summary>
    /// The segment after <paramref name="previous"/>. <paramref name="seam"/> is the timeline instant the stream will
    /// have reached when the previous segment ends; when that is behind the next item's start (a copied item started at
    /// an earlier keyframe, say), the next item starts that much into itself to catch up.
    /// </summary>
    public async Task<Segment> NextAsync(Segment previous, DateTimeOffset? seam, CancellationToken cancellationToken)
    {
        if (_upcoming.Count == 0)
        {
            var window = await source.AtAsync(channel.Number, previous.Item.End, LookAhead, cancellationToken);
            if (window is null)
            {
                return Segment.OffAir(previous.Item.End);
            }

            _upcoming.Enqueue(window.Current);
            foreach (var item in window.Following)
            {
                _upcoming.Enqueue(item);
            }
        }

        var upcoming = _upcoming.Dequeue();
        var from = TimeSpan.Zero;
        if (seam is { } reached)
        {
            var behind = reached - upcoming.Start;
            if (behind > TimeSpan.FromMilliseconds(500) && behind < upcoming.Duration - TimeSpan.FromSeconds(1))
            {
                from = behind;
            }
        }

        return new Segment(upcoming, from, Substitute: false);
    }
}
