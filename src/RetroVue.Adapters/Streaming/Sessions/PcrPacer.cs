namespace RetroVue.Adapters.Streaming.Sessions;

/// <summary>
/// Ties the channel clock (PCR) to the wall clock: the packet carrying PCR p is due when the timeline reaches the
/// instant p stands for, minus a lead. The lead is what a tuning viewer receives at once (the burst that fills the
/// player's buffer); after it the stream flows at exactly real time. Uses the monotonic timestamp, not the wall clock,
/// so a clock adjustment does not stall or rush the stream.
/// </summary>
public sealed class PcrPacer(TimeProvider time, TimeSpan lead)
{
    private long _anchorPcr;
    private long _anchorTimestamp;
    private DateTimeOffset _anchorWall;

    public bool IsAnchored { get; private set; }

    /// <summary>The channel clock the anchor defines (null before it): instants to PTS and back.</summary>
    public ChannelClock? Clock { get; private set; }

    public TimeSpan Lead => lead;

    /// <summary>The packet with <paramref name="pcr"/> shows the timeline at <paramref name="wall"/>.</summary>
    public void Anchor(long pcr, DateTimeOffset wall)
    {
        _anchorPcr = pcr;
        _anchorWall = wall;
        _anchorTimestamp = time.GetTimestamp() - (long)((time.GetUtcNow() - wall).TotalSeconds * time.TimestampFrequency);
        Clock = new ChannelClock(pcr, wall);
        IsAnchored = true;
    }

    public DateTimeOffset Now => _anchorWall + time.GetElapsedTime(_anchorTimestamp);

    /// <summary>The timeline instant the packet with this PCR shows.</summary>
    public DateTimeOffset WallOf(long pcr) => _anchorWall + TimeSpan.FromSeconds((pcr - _anchorPcr) / 90_000.0);

    /// <summary>The PCR showing the timeline's present.</summary>
    public long PcrNow => _anchorPcr + (long)(time.GetElapsedTime(_anchorTimestamp).TotalSeconds * 90_000);

    /// <summary>How long to hold the packet with this PCR back; zero when it is due or late.</summary>
    public TimeSpan HoldFor(long pcr)
    {
        var hold = WallOf(pcr) - lead - Now;
        return hold > TimeSpan.Zero ? hold : TimeSpan.Zero;
    }

    /// <summary>How far ahead of the timeline's present the stream is (negative: it runs late).</summary>
    public TimeSpan AheadBy(long pcr) => WallOf(pcr) - Now;
}
