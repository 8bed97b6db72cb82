namespace RetroVue.Domain.Scheduling;

/// <summary>A block placed on the timeline: the block of a broadcast day at its instant. No block means off air.</summary>
internal readonly record struct Occurrence(DateTimeOffset Start, ScheduleBlock? Block, DateOnly BroadcastDate);

/// <summary>
/// The channel's local clock: broadcast days, the grid and block instants, all evaluated in the channel's zone.
/// Rules for days with a daylight-saving change:
/// a local time that does not exist (spring forward) maps to the instant the gap ends, so blocks inside the gap
/// collapse onto the first block after it and the day has 23 hours; a local time that occurs twice (fall back)
/// maps to its first occurrence, so the block before the change simply runs an hour longer on a 25-hour day.
/// </summary>
internal sealed class BroadcastCalendar
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private readonly TimeZoneInfo _zone;
    private readonly TimeSpan _dayStart;
    private readonly long _gridTicks;
    private readonly DayLayer[] _layersByPrecedence;
    private readonly Dictionary<DateOnly, Occurrence[]> _occurrences = [];
    private DateOnly _cachedDay;
    private DateTimeOffset _cachedDayFrom = DateTimeOffset.MaxValue;
    private DateTimeOffset _cachedDayTo = DateTimeOffset.MinValue;

    public BroadcastCalendar(Channel channel, ChannelSchedule schedule)
    {
        _zone = channel.TimeZone;
        _dayStart = channel.BroadcastDayStart.ToTimeSpan();
        _gridTicks = TimeSpan.FromMinutes(channel.GridMinutes).Ticks;

        // The most specific layer wins; between equally specific ones the one written later wins.
        _layersByPrecedence = schedule.Layers
            .Select((layer, index) => (layer, index))
            .OrderByDescending(x => x.layer.Days.Specificity)
            .ThenByDescending(x => x.index)
            .Select(x => x.layer)
            .ToArray();
    }

    public DayLayer? LayerFor(DateOnly broadcastDate) => _layersByPrecedence.FirstOrDefault(l => l.Days.AppliesTo(broadcastDate));

    public DateTimeOffset DayStartUtc(DateOnly broadcastDate) => ToUtc(broadcastDate.ToDateTime(TimeOnly.MinValue) + _dayStart);

    public DateOnly BroadcastDateOf(DateTimeOffset instant)
    {
        if (instant >= _cachedDayFrom && instant < _cachedDayTo)
        {
            return _cachedDay;
        }

        var local = TimeZoneInfo.ConvertTime(instant, _zone).DateTime;
        var date = DateOnly.FromDateTime(local - _dayStart);
        var from = DayStartUtc(date);
        if (instant < from)
        {
            date = date.AddDays(-1);
            from = DayStartUtc(date);
        }

        var to = DayStartUtc(date.AddDays(1));
        if (instant >= to)
        {
            date = date.AddDays(1);
            from = to;
            to = DayStartUtc(date.AddDays(1));
        }

        (_cachedDay, _cachedDayFrom, _cachedDayTo) = (date, from, to);
        return date;
    }

    public DateTimeOffset ToUtc(DateTime local)
    {
        if (_zone.IsInvalidTime(local))
        {
            return GapEnd(local);
        }

        var offset = _zone.IsAmbiguousTime(local) ? _zone.GetAmbiguousTimeOffsets(local).Max() : _zone.GetUtcOffset(local);
        return new DateTimeOffset(local.Ticks - offset.Ticks, TimeSpan.Zero);
    }

    public bool IsOnGrid(DateTimeOffset instant) => (instant.UtcTicks + _zone.GetUtcOffset(instant).Ticks) % _gridTicks == 0;

    /// <summary>The first local grid line at or after the instant.</summary>
    public DateTimeOffset GridCeiling(DateTimeOffset instant)
    {
        var offset = _zone.GetUtcOffset(instant);
        var localTicks = instant.UtcTicks + offset.Ticks;
        var remainder = localTicks % _gridTicks;
        if (remainder == 0)
        {
            return instant;
        }

        var candidate = new DateTimeOffset(localTicks - remainder + _gridTicks - offset.Ticks, TimeSpan.Zero);
        if (_zone.GetUtcOffset(candidate) == offset)
        {
            return candidate;
        }

        // The offset changes before the next grid line: walk whole minutes to the first real local grid line.
        var minute = TimeSpan.TicksPerMinute;
        var probe = new DateTimeOffset((instant.UtcTicks + minute - 1) / minute * minute, TimeSpan.Zero);
        while (!IsOnGrid(probe))
        {
            probe = probe.AddTicks(minute);
        }

        return probe;
    }

    public IReadOnlyList<Occurrence> OccurrencesOf(DateOnly broadcastDate)
    {
        if (_occurrences.TryGetValue(broadcastDate, out var cached))
        {
            return cached;
        }

        var layer = LayerFor(broadcastDate);
        Occurrence[] result;
        if (layer is null || layer.Blocks.Count == 0)
        {
            result = [new Occurrence(DayStartUtc(broadcastDate), null, broadcastDate)];
        }
        else
        {
            var dayLocal = broadcastDate.ToDateTime(TimeOnly.MinValue) + _dayStart;
            var list = new List<Occurrence>(layer.Blocks.Count);
            foreach (var block in layer.Blocks.OrderBy(OffsetInDay))
            {
                var start = ToUtc(dayLocal + OffsetInDay(block));
                if (list.Count > 0 && list[^1].Start == start)
                {
                    // Both fell into a daylight-saving gap: the later block is the one whose time really exists.
                    list[^1] = new Occurrence(start, block, broadcastDate);
                }
                else
                {
                    list.Add(new Occurrence(start, block, broadcastDate));
                }
            }

            result = [.. list];
        }

        if (_occurrences.Count > 64)
        {
            _occurrences.Clear();
        }

        _occurrences[broadcastDate] = result;
        return result;
    }

    private TimeSpan OffsetInDay(ScheduleBlock block)
    {
        var offset = block.Start.ToTimeSpan() - _dayStart;
        return offset < TimeSpan.Zero ? offset + Day : offset;
    }

    private DateTimeOffset GapEnd(DateTime local)
    {
        // The gap's end is the transition instant T: local - offsetAfter < T <= local - offsetBefore.
        var before = _zone.GetUtcOffset(local.AddHours(-12));
        var after = _zone.GetUtcOffset(local.AddHours(12));
        var second = TimeSpan.TicksPerSecond;
        var low = (local.Ticks - after.Ticks) / second;
        var high = ((local.Ticks - before.Ticks) + second - 1) / second;
        while (high - low > 1)
        {
            var mid = low + ((high - low) / 2);
            if (_zone.GetUtcOffset(new DateTimeOffset(mid * second, TimeSpan.Zero)) == after)
            {
                high = mid;
            }
            else
            {
                low = mid;
            }
        }

        return new DateTimeOffset(high * second, TimeSpan.Zero);
    }
}

/// <summary>Walks block occurrences forward in time across broadcast days, one day loaded at a time.</summary>
internal sealed class OccurrenceStream
{
    private readonly BroadcastCalendar _calendar;
    private readonly List<Occurrence> _buffer = [];
    private int _head;
    private DateOnly _nextDate;

    public OccurrenceStream(BroadcastCalendar calendar, DateTimeOffset start)
    {
        _calendar = calendar;

        // The day before may still be running at its end (its last block lasts until this day's first block).
        _nextDate = calendar.BroadcastDateOf(start).AddDays(-1);
        LoadNextDay();
    }

    /// <summary>The occurrence running at the instant, and when the next one starts. Instants must not go backwards.</summary>
    public (Occurrence Current, DateTimeOffset NextStart) Locate(DateTimeOffset instant)
    {
        while (_buffer.Count - _head < 2 || _buffer[^1].Start <= instant)
        {
            LoadNextDay();
        }

        while (_buffer[_head + 1].Start <= instant)
        {
            _head++;
        }

        if (_head > 512)
        {
            _buffer.RemoveRange(0, _head);
            _head = 0;
        }

        return (_buffer[_head], _buffer[_head + 1].Start);
    }

    private void LoadNextDay()
    {
        foreach (var occurrence in _calendar.OccurrencesOf(_nextDate))
        {
            if (_buffer.Count > _head && _buffer[^1].Start == occurrence.Start)
            {
                _buffer[^1] = occurrence;
            }
            else
            {
                _buffer.Add(occurrence);
            }
        }

        _nextDate = _nextDate.AddDays(1);
    }
}
