namespace RetroVue.Domain.Scheduling;

/// <summary>
/// What a channel plays from and how far its timeline is built: the schedule document as the operator wrote it
/// (kept verbatim for export), and the scheduler state stored with the timeline so that extending it continues it.
/// </summary>
public sealed class ChannelPlayout
{
    private ChannelPlayout()
    {
        ScheduleFile = string.Empty;
        ScheduleYaml = string.Empty;
    }

    public ChannelPlayout(Guid channelId, string scheduleFile, string scheduleYaml, DateTimeOffset now)
    {
        ChannelId = channelId;
        ScheduleFile = scheduleFile;
        ScheduleYaml = scheduleYaml;
        ScheduleAppliedAt = now;
        UpdatedAt = now;
    }

    public Guid ChannelId { get; private set; }

    /// <summary>The file the schedule was applied from, for messages.</summary>
    public string ScheduleFile { get; private set; }

    /// <summary>The channel's YAML document, comments and all.</summary>
    public string ScheduleYaml { get; private set; }

    public DateTimeOffset ScheduleAppliedAt { get; private set; }

    /// <summary>The scheduler's <see cref="ScheduleState"/> as JSON; null until the first build.</summary>
    public string? State { get; private set; }

    /// <summary>Where the stored timeline ends.</summary>
    public DateTimeOffset? BuiltUntil { get; private set; }

    /// <summary>The schedule changed after the timeline was built: the future must be rebuilt from the present.</summary>
    public bool RebuildPending { get; private set; }

    /// <summary>Bumped by every build, so two builders racing on one channel cannot both commit.</summary>
    public int Version { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public bool HasTimeline => State is not null;

    /// <returns>True when the document changed.</returns>
    public bool ReplaceSchedule(string scheduleFile, string scheduleYaml, DateTimeOffset now)
    {
        ScheduleFile = scheduleFile;
        UpdatedAt = now;
        if (string.Equals(ScheduleYaml, scheduleYaml, StringComparison.Ordinal))
        {
            return false;
        }

        ScheduleYaml = scheduleYaml;
        ScheduleAppliedAt = now;
        RebuildPending = HasTimeline;
        return true;
    }

    /// <summary>
    /// Files the timeline plays left the catalog: the future must be rebuilt from the present even though the
    /// schedule is the same. Nothing to do before the first build.
    /// </summary>
    public void RequestRebuild(DateTimeOffset now)
    {
        if (!HasTimeline)
        {
            return;
        }

        RebuildPending = true;
        UpdatedAt = now;
    }

    public void RecordBuild(string state, DateTimeOffset builtUntil, DateTimeOffset now)
    {
        State = state;
        BuiltUntil = builtUntil;
        RebuildPending = false;
        Version++;
        UpdatedAt = now;
    }

    public void Reset(DateTimeOffset now)
    {
        State = null;
        BuiltUntil = null;
        RebuildPending = false;
        Version++;
        UpdatedAt = now;
    }
}
