namespace RetroVue.App.Scheduling;

/// <summary>How far ahead timelines are built and how much of the past is kept (section "Playout").</summary>
public sealed class PlayoutOptions
{
    public const string SectionName = "Playout";

    /// <summary>Timelines are built this far ahead of now.</summary>
    public double HorizonDays { get; set; } = 7;

    /// <summary>How often the recurring job extends every enabled channel to the horizon.</summary>
    public double ExtendEveryMinutes { get; set; } = 60;

    /// <summary>Entries that ended longer ago than this are deleted; a rebuild needs the current broadcast day and the filler cooldown.</summary>
    public double KeepHistoryHours { get; set; } = 48;

    public TimeSpan Horizon => TimeSpan.FromDays(HorizonDays);
}
