namespace RetroVue.Domain.Scheduling;

/// <summary>What a block asks of the next programme.</summary>
/// <param name="MaxDuration">The time left; null when the item may run over (marathons).</param>
/// <param name="FirstOfFullBlock">The block starts on time and has nothing yet: a sequential item too long for the whole block plays anyway and runs over, so the series is never stuck.</param>
/// <param name="FirstInSlot">Nothing placed yet: when no shuffle-bag item fits, any fitting item is better than an empty block.</param>
/// <param name="ExcludePlayedToday">No item already started this broadcast day (marathons).</param>
internal readonly record struct PickRules(TimeSpan? MaxDuration, bool FirstOfFullBlock, bool FirstInSlot, bool ExcludePlayedToday, DateOnly Day);

internal readonly record struct Picked(CatalogItem Item, PlayOrder Order);

/// <summary>Chooses the next programme of a pool in the block's order.</summary>
internal sealed class ProgrammePicker(BuildState state, ulong channelSeed)
{
    /// <summary>Bounds the work per pick so a large pool never costs a scan of the pool.</summary>
    public const int MaxScan = 64;

    public Picked? Pick(ResolvedPool pool, PlayOrder order, PickRules rules, DateTimeOffset at)
    {
        var picked = order switch
        {
            PlayOrder.Sequential => PickSequential(pool, rules),
            PlayOrder.Shuffle => PickShuffled(pool, rules, at),
            _ => PickRandom(pool, rules, at),
        };
        if (picked is { } p)
        {
            state.ProgrammesOn(rules.Day).Add(p.Item.AssetId);
        }

        return picked;
    }

    private Picked? PickSequential(ResolvedPool pool, PickRules rules)
    {
        var index = state.Sequences.TryGetValue(pool.Name, out var cursor) ? pool.IndexFrom(cursor.Key, cursor.Inclusive) : 0;
        var item = pool.Items[index];

        // The next episode waits for a block it fits in; it is never skipped.
        var fits = rules.MaxDuration is not { } max || item.Duration <= max || rules.FirstOfFullBlock;
        if (!fits || (rules.ExcludePlayedToday && state.ProgrammesOn(rules.Day).Contains(item.AssetId)))
        {
            return null;
        }

        state.Sequences[pool.Name] = new SequenceCursor(pool.Keys[index], Inclusive: false);
        return new Picked(item, PlayOrder.Sequential);
    }

    private Picked? PickShuffled(ResolvedPool pool, PickRules rules, DateTimeOffset at)
    {
        var bag = state.BagFor(pool, channelSeed);
        var item = bag.Take(i => Allowed(i, rules), MaxScan);
        if (item is not null)
        {
            return new Picked(item, PlayOrder.Shuffle);
        }

        return rules.FirstInSlot && rules.MaxDuration is not null ? PickRandom(pool, rules, at) : null;
    }

    private Picked? PickRandom(ResolvedPool pool, PickRules rules, DateTimeOffset at)
    {
        var count = rules.MaxDuration is { } max ? pool.CountFitting(max) : pool.Items.Count;
        if (count == 0)
        {
            return null;
        }

        var start = StableHash.Index(StableHash.Combine(channelSeed, (ulong)at.UtcTicks, StableHash.Of(pool.Name)), count);
        for (var probe = 0; probe < Math.Min(count, MaxScan); probe++)
        {
            var item = pool.Items[pool.ByDuration[(start + probe) % count]];
            if (Allowed(item, rules))
            {
                return new Picked(item, PlayOrder.Random);
            }
        }

        return null;
    }

    private bool Allowed(CatalogItem item, PickRules rules) =>
        (rules.MaxDuration is not { } max || item.Duration <= max)
        && !(rules.ExcludePlayedToday && state.ProgrammesOn(rules.Day).Contains(item.AssetId));
}

/// <summary>Chooses interstitials and bumpers: random among what fits, honouring cooldown and the per-day cap.</summary>
internal sealed class FillerPicker(BuildState state, FillerSettings settings, ulong channelSeed)
{
    public CatalogItem? Pick(ResolvedPool? pool, TimeSpan limit, DateTimeOffset at, DateOnly day)
    {
        if (pool is null || limit <= TimeSpan.Zero)
        {
            return null;
        }

        var count = pool.CountFitting(limit);
        if (count == 0)
        {
            return null;
        }

        var counts = state.FillerCountsOn(day);
        var hash = StableHash.Combine(channelSeed, (ulong)at.UtcTicks, StableHash.Of(pool.Name));
        var start = StableHash.Index(hash, count);
        for (var probe = 0; probe < Math.Min(count, ProgrammePicker.MaxScan); probe++)
        {
            var item = pool.Items[pool.ByDuration[(start + probe) % count]];
            if (IsRested(item, at) && IsUnderCap(item, counts))
            {
                state.FillerLastStart[item.AssetId] = at;
                counts[item.AssetId] = counts.GetValueOrDefault(item.AssetId) + 1;
                return item;
            }
        }

        return null;
    }

    private bool IsRested(CatalogItem item, DateTimeOffset at) =>
        settings.Cooldown <= TimeSpan.Zero
        || !state.FillerLastStart.TryGetValue(item.AssetId, out var last)
        || at >= last + settings.Cooldown;

    private bool IsUnderCap(CatalogItem item, Dictionary<Guid, int> counts) =>
        settings.MaxPerDay is not { } cap || counts.GetValueOrDefault(item.AssetId) < cap;
}
