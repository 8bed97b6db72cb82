using RetroVue.Domain.Common;

namespace RetroVue.Domain.Scheduling;

/// <summary>A linear channel: what it is called, where it sits in the lineup, and the clock its schedule follows.</summary>
public sealed class Channel
{
    public static readonly TimeOnly DefaultBroadcastDayStart = new(6, 0);
    public const int DefaultGridMinutes = 30;

    private TimeZoneInfo? _timeZone;

    private Channel()
    {
        StableId = string.Empty;
        Name = string.Empty;
        TimeZoneId = string.Empty;
        Profile = StreamingProfile.Default;
        GuideTemplates = GuideTemplates.None;
    }

    public Channel(string stableId, ChannelNumber number, string name, string timeZoneId)
    {
        Id = Guid.NewGuid();
        StableId = ChannelStableId.Validate(stableId);
        Number = number;
        Name = ValidName(name);
        _timeZone = ChannelTimeZone.Find(timeZoneId);
        TimeZoneId = timeZoneId;
        BroadcastDayStart = DefaultBroadcastDayStart;
        GridMinutes = DefaultGridMinutes;
        Profile = StreamingProfile.Default;
        GuideTemplates = GuideTemplates.None;
        Enabled = true;
    }

    public Guid Id { get; private set; }

    /// <summary>Dotted id shared by the M3U tvg-id, the XMLTV channel id and the tuner lineup; never changes.</summary>
    public string StableId { get; private set; }

    public ChannelNumber Number { get; private set; }
    public string Name { get; private set; }
    public string? Group { get; private set; }
    public string? LogoUrl { get; private set; }
    public string TimeZoneId { get; private set; }

    /// <summary>Local time at which a broadcast day begins; blocks before it belong to the previous day.</summary>
    public TimeOnly BroadcastDayStart { get; private set; }

    public int GridMinutes { get; private set; }
    public StreamingProfile Profile { get; private set; }

    /// <summary>The operator's XMLTV title, sub-title and description templates; <see cref="GuideTemplates.None"/> for RetroVue's own text.</summary>
    public GuideTemplates GuideTemplates { get; private set; }
    public bool Enabled { get; private set; }

    public TimeZoneInfo TimeZone => _timeZone ??= ChannelTimeZone.Find(TimeZoneId);

    /// <summary>Seed for every choice the scheduler makes on this channel; stable across processes (no string.GetHashCode).</summary>
    public ulong Seed => StableHash.Of(StableId);

    public void Renumber(ChannelNumber number) => Number = number;

    public void Rename(string name) => Name = ValidName(name);

    public void Describe(string? group, string? logoUrl)
    {
        Group = string.IsNullOrWhiteSpace(group) ? null : group.Trim();
        var logo = string.IsNullOrWhiteSpace(logoUrl) ? null : logoUrl.Trim();
        if (logo is not null && ChannelLogo.Problem(logo) is { } problem)
        {
            throw new DomainException(problem);
        }

        LogoUrl = logo;
    }

    public void MoveToTimeZone(string timeZoneId)
    {
        _timeZone = ChannelTimeZone.Find(timeZoneId);
        TimeZoneId = timeZoneId;
    }

    public void SetClock(TimeOnly broadcastDayStart, int gridMinutes)
    {
        if (!IsValidGrid(gridMinutes))
        {
            throw new DomainException($"A grid of {gridMinutes} minutes does not divide a day evenly: use 5, 10, 15, 20, 30, 60, 120... minutes.");
        }

        if (!IsOnGrid(broadcastDayStart, gridMinutes))
        {
            throw new DomainException($"The broadcast day start {broadcastDayStart:HH\\:mm} is not on the {gridMinutes}-minute grid.");
        }

        BroadcastDayStart = broadcastDayStart;
        GridMinutes = gridMinutes;
    }

    public void UseProfile(StreamingProfile profile) => Profile = profile;

    public void UseGuideTemplates(GuideTemplates templates) => GuideTemplates = templates;

    public void Enable() => Enabled = true;

    public void Disable() => Enabled = false;

    public static bool IsValidGrid(int gridMinutes) => gridMinutes is >= 5 and <= 1440 && 1440 % gridMinutes == 0;

    public static bool IsOnGrid(TimeOnly time, int gridMinutes) =>
        time.Second == 0 && time.Millisecond == 0 && (time.Hour * 60 + time.Minute) % gridMinutes == 0;

    private static string ValidName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
        {
            throw new DomainException("A channel needs a name of 1 to 100 characters.");
        }

        // IPTV players split #EXTINF lines at commas and quotes, so those characters would corrupt the playlist.
        if (name.IndexOfAny([',', '"', '\n', '\r']) >= 0)
        {
            throw new DomainException($"Channel name '{name}' may not contain commas, double quotes or line breaks (IPTV players split on them).");
        }

        return name.Trim();
    }
}
