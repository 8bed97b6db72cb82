using RetroVue.Domain.Common;

namespace RetroVue.Domain.Scheduling;

/// <summary>What is on at an instant: the entry, its place in the timeline, and how far into it the instant is.</summary>
public sealed record NowPlaying(TimelineEntry Entry, int Index, TimeSpan Offset)
{
    /// <summary>The position in the file to start playing from.</summary>
    public TimeSpan FilePosition => Entry.InPoint + Offset;
}

/// <summary>O(log n) "what plays at instant t" over a built, gapless timeline.</summary>
public sealed class TimelineIndex
{
    private readonly IReadOnlyList<TimelineEntry> _entries;
    private readonly long[] _startTicks;

    public TimelineIndex(IReadOnlyList<TimelineEntry> entries)
    {
        var problem = TimelineChecks.FirstProblem(entries);
        if (problem is not null)
        {
            throw new DomainException($"The timeline is not continuous: {problem}");
        }

        _entries = entries;
        _startTicks = new long[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            _startTicks[i] = entries[i].Start.UtcTicks;
        }
    }

    public IReadOnlyList<TimelineEntry> Entries => _entries;

    public NowPlaying? At(DateTimeOffset instant)
    {
        if (_entries.Count == 0 || instant < _entries[0].Start || instant >= _entries[^1].End)
        {
            return null;
        }

        var index = Array.BinarySearch(_startTicks, instant.UtcTicks);
        if (index < 0)
        {
            index = ~index - 1;
        }

        var entry = _entries[index];
        return new NowPlaying(entry, index, instant - entry.Start);
    }

    /// <summary>Up to <paramref name="count"/> entries after the one at <paramref name="index"/>.</summary>
    public IReadOnlyList<TimelineEntry> Following(int index, int count)
    {
        var from = Math.Min(index + 1, _entries.Count);
        var to = Math.Min(from + Math.Max(count, 0), _entries.Count);
        var result = new TimelineEntry[to - from];
        for (var i = from; i < to; i++)
        {
            result[i - from] = _entries[i];
        }

        return result;
    }
}

/// <summary>The invariants every timeline keeps; checked before a timeline is stored or indexed.</summary>
public static class TimelineChecks
{
    public static string? FirstProblem(IReadOnlyList<TimelineEntry> entries)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            if (e.End <= e.Start)
            {
                return $"entry {i} at {e.Start:O} has no length.";
            }

            if (e.OutPoint - e.InPoint != e.End - e.Start || e.InPoint < TimeSpan.Zero)
            {
                return $"entry {i} at {e.Start:O} plays {e.OutPoint - e.InPoint} of its file in {e.End - e.Start}.";
            }

            if (e.Start.Offset != TimeSpan.Zero || e.End.Offset != TimeSpan.Zero)
            {
                return $"entry {i} at {e.Start:O} is not in UTC.";
            }

            if (i > 0 && entries[i - 1].End != e.Start)
            {
                return entries[i - 1].End < e.Start
                    ? $"gap from {entries[i - 1].End:O} to {e.Start:O}."
                    : $"entries overlap at {e.Start:O}.";
            }
        }

        return null;
    }
}
