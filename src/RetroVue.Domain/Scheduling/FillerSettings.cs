namespace RetroVue.Domain.Scheduling;

/// <summary>
/// What plays around programmes. Every pick honours the cooldown and the per-day cap; when nothing
/// fits the time left, a generated slate fills it, so a block never starts late.
/// </summary>
public sealed record FillerSettings
{
    public static readonly TimeSpan DefaultMidRollBreak = TimeSpan.FromMinutes(2);
    public const string DefaultSlateTitle = "Stand By";

    public static FillerSettings None { get; } = new();

    /// <summary>A bumper before each programme.</summary>
    public string? PreRollPool { get; init; }

    /// <summary>A bumper after each programme.</summary>
    public string? PostRollPool { get; init; }

    /// <summary>Interstitials that pad to the next grid line.</summary>
    public string? PadPool { get; init; }

    /// <summary>Interstitials for breaks at a programme's avail markers (else chapter markers); none when it has no markers.</summary>
    public string? MidRollPool { get; init; }

    public TimeSpan MidRollMaxBreak { get; init; } = DefaultMidRollBreak;

    /// <summary>The same filler item does not start again within this time.</summary>
    public TimeSpan Cooldown { get; init; }

    /// <summary>How often one filler item may start per broadcast day; null for no cap.</summary>
    public int? MaxPerDay { get; init; }

    public string SlateTitle { get; init; } = DefaultSlateTitle;
}

/// <summary>Everything a channel's YAML document declares besides the channel itself.</summary>
public sealed record ChannelSchedule(IReadOnlyList<ContentPool> Pools, IReadOnlyList<DayLayer> Layers, FillerSettings Filler)
{
    public ContentPool? FindPool(string name) => Pools.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));
}
