namespace RetroVue.Adapters.Streaming.Sessions;

/// <summary>
/// A channel's one mapping between timeline instants and its transport clock (90 kHz PTS/PCR ticks, unwrapped),
/// fixed once when the session starts: the frame shown at instant t carries PTS <see cref="PtsAt"/>(t). Every item is
/// placed by it, so the air cannot drift from the timeline whatever the items' lengths.
/// </summary>
public sealed record ChannelClock(long OriginPts, DateTimeOffset OriginWall)
{
    public const long TicksPerSecond = 90_000;

    /// <summary>The PTS (or PCR base) that stands for <paramref name="wall"/>, rounded to the nearest tick.</summary>
    public long PtsAt(DateTimeOffset wall) =>
        OriginPts + (long)Math.Round((wall - OriginWall).Ticks * (double)TicksPerSecond / TimeSpan.TicksPerSecond);

    /// <summary>The timeline instant a PTS (or PCR base) stands for.</summary>
    public DateTimeOffset WallAt(long pts) =>
        OriginWall + TimeSpan.FromTicks((long)Math.Round((pts - OriginPts) * (double)TimeSpan.TicksPerSecond / TicksPerSecond));

    /// <summary>A duration in ticks.</summary>
    public static long Ticks(TimeSpan span) => (long)Math.Round(span.Ticks * (double)TicksPerSecond / TimeSpan.TicksPerSecond);
}
