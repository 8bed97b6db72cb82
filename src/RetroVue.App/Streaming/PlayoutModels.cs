using RetroVue.Domain.Library;
using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Streaming;

/// <summary>A channel as the streaming engine needs it: what to call it on a slate and what its stream looks like.</summary>
public sealed record PlayoutChannel(ChannelNumber Number, string Name, StreamingProfile Profile);

/// <summary>
/// One timeline entry resolved for playback. <see cref="FilePath"/> is null for a generated slate.
/// [Start, End) on the wall clock plays the file from <see cref="InPoint"/> for <see cref="Duration"/>.
/// </summary>
public sealed record PlayoutItem
{
    public Guid? AssetId { get; init; }
    public string? FilePath { get; init; }

    /// <summary>What the prober found in the file; decides whether it can be copied instead of transcoded.</summary>
    public IReadOnlyList<MediaStream> Streams { get; init; } = [];

    /// <summary>Where to read the file when <see cref="FilePath"/> cannot be opened here (a Plex part); null when there is no such place.</summary>
    public RemoteMedia? Remote { get; init; }

    public required TimeSpan InPoint { get; init; }
    public required DateTimeOffset Start { get; init; }
    public required DateTimeOffset End { get; init; }
    public required string Title { get; init; }

    public TimeSpan Duration => End - Start;

    public bool IsSlate => FilePath is null;
}

/// <summary>What a channel plays at an instant: the current item, how far into it the instant is, and what follows.</summary>
public sealed record PlayoutWindow(PlayoutChannel Channel, PlayoutItem Current, TimeSpan Offset, IReadOnlyList<PlayoutItem> Following)
{
    /// <summary>The position in the file to start from: in-point plus the time already played.</summary>
    public TimeSpan FilePosition => Current.InPoint + Offset;
}

/// <summary>A channel as a tuner lineup lists it.</summary>
public sealed record LineupChannel(ChannelNumber Number, string Name);
