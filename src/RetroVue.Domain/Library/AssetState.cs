namespace RetroVue.Domain.Library;

/// <summary>Lifecycle of a playable file: new -> enriching -> ready -> retired (and back when it reappears).</summary>
public enum AssetState
{
    New = 0,
    Enriching = 1,
    Ready = 2,
    Retired = 3,
}

public enum ProbeStatus
{
    NotProbed = 0,
    Succeeded = 1,
    Failed = 2,
}

/// <summary>What identifies one version of a file's contents without reading it: size and modification time.</summary>
public readonly record struct FileFingerprint(long SizeBytes, DateTimeOffset ModifiedAt)
{
    /// <summary>Filesystems differ in timestamp precision; whole milliseconds in UTC survive a round trip through the database.</summary>
    public static FileFingerprint Of(long sizeBytes, DateTimeOffset modifiedAt) =>
        new(sizeBytes, new DateTimeOffset(modifiedAt.UtcTicks - (modifiedAt.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero));
}
