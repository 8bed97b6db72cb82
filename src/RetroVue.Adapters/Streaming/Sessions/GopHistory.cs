namespace RetroVue.Adapters.Streaming.Sessions;

/// <summary>
/// The channel's recent output grouped by keyframe, so a viewer who tunes in starts at once from a keyframe close
/// to the timeline's present instead of waiting for the next one. Bounded by age and by bytes.
/// </summary>
public sealed class GopHistory(TimeSpan keep, long maxBytes)
{
    private readonly List<Gop> _gops = [];
    private long _bytes;

    public int Count => _gops.Count;

    public long Bytes => _bytes;

    public void Add(TsChunk chunk)
    {
        if (chunk.StartsKeyframe)
        {
            _gops.Add(new Gop(chunk.Clock));
        }
        else if (_gops.Count == 0)
        {
            return;
        }

        _gops[^1].Chunks.Add(chunk);
        _bytes += chunk.Length;
        var keepTicks = (long)(keep.TotalSeconds * 90_000);
        while (_gops.Count > 1 && (_gops[1].KeyClock < chunk.Clock - keepTicks || _bytes > maxBytes))
        {
            _bytes -= _gops[0].Chunks.Sum(c => (long)c.Length);
            _gops.RemoveAt(0);
        }
    }

    /// <summary>
    /// The chunks from the keyframe nearest to <paramref name="clock"/> (the timeline's present) to the live edge, so a
    /// joining viewer is at most half a GOP off the timeline; empty before the first keyframe.
    /// </summary>
    public IEnumerable<TsChunk> From(long clock)
    {
        if (_gops.Count == 0)
        {
            return [];
        }

        var start = 0;
        for (var i = 1; i < _gops.Count; i++)
        {
            if (Math.Abs(_gops[i].KeyClock - clock) <= Math.Abs(_gops[start].KeyClock - clock))
            {
                start = i;
            }
        }

        return _gops.Skip(start).SelectMany(g => g.Chunks);
    }

    /// <summary>The kept keyframes around <paramref name="clock"/>: the last at or before it, the first after it, and the nearer of the two.</summary>
    public KeyframesAround Around(long clock)
    {
        long? previous = null;
        long? next = null;
        foreach (var gop in _gops)
        {
            if (gop.KeyClock <= clock)
            {
                previous = gop.KeyClock;
            }
            else
            {
                next = gop.KeyClock;
                break;
            }
        }

        return new KeyframesAround(previous, next);
    }

    /// <summary>The chunks from the keyframe at <paramref name="keyClock"/> (or the first one after it) to the live edge.</summary>
    public List<TsChunk> FromKeyframe(long keyClock) =>
        _gops.SkipWhile(g => g.KeyClock < keyClock).SelectMany(g => g.Chunks).ToList();

    /// <summary>The chunks of the latest kept keyframe's GOP (empty before the first keyframe).</summary>
    public List<TsChunk> FromLatestKeyframe() => _gops.Count == 0 ? [] : [.. _gops[^1].Chunks];

    /// <summary>The chunk starting the first kept keyframe after <paramref name="clock"/>; null when none is kept yet.</summary>
    public TsChunk? KeyframeAfter(long clock) => _gops.FirstOrDefault(g => g.KeyClock > clock)?.Chunks[0];

    public void Clear()
    {
        _gops.Clear();
        _bytes = 0;
    }

    private sealed record Gop(long KeyClock)
    {
        public List<TsChunk> Chunks { get; } = [];
    }
}

/// <summary>The kept keyframes on either side of an instant of the channel clock.</summary>
public readonly record struct KeyframesAround(long? Previous, long? Next)
{
    /// <summary>How far the nearer keyframe is from <paramref name="clock"/>, in 90 kHz ticks; null when none is kept.</summary>
    public long? DistanceFrom(long clock) => (Previous, Next) switch
    {
        ({ } p, { } n) => Math.Min(clock - p, n - clock),
        ({ } p, null) => clock - p,
        (null, { } n) => n - clock,
        _ => null,
    };
}
