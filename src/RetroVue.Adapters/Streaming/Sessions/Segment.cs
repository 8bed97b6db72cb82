using RetroVue.App.Streaming;

namespace RetroVue.Adapters.Streaming.Sessions;

/// <summary>
/// A stretch of one timeline item to play: from <see cref="From"/> into it to its end. A substitute is the slate
/// standing in for an item that could not be played. <see cref="IsJoin"/> marks the segment a session starts
/// with, where a viewer expects the picture of that very instant. <see cref="Until"/> ends the segment before the
/// item's end (the slate bridging to a resumed item).
/// </summary>
public sealed record Segment(PlayoutItem Item, TimeSpan From, bool Substitute, bool IsJoin = false, TimeSpan? Until = null)
{
    public TimeSpan Length => (Until ?? Item.Duration) - From;

    /// <summary>The timeline instant the segment ends: where the next one is placed.</summary>
    public DateTimeOffset WallEnd => Item.Start + (Until ?? Item.Duration);

    /// <summary>The timeline instant the segment's first frame belongs to.</summary>
    public DateTimeOffset WallStart => Item.Start + From;

    public bool IsSlate => Item.IsSlate || Substitute;

    public Segment AsSlateFrom(TimeSpan from) => new(Item, from, Substitute: true);

    /// <summary>Filler for when the channel has no timeline at an instant: an "off air" slate, checked again after it.</summary>
    public static Segment OffAir(DateTimeOffset start) => new(
        new PlayoutItem { InPoint = TimeSpan.Zero, Start = start, End = start + TimeSpan.FromSeconds(30), Title = "Off air" },
        TimeSpan.Zero,
        Substitute: false);
}
