namespace RetroVue.Domain.Scheduling;

/// <summary>
/// Whole seconds, the resolution every guide shows (XMLTV, `playout show`, the API's programmes, the admin's grid).
/// All of them round the same way, so the same instant reads the same everywhere and a programme's stop stays equal
/// to the next one's start; the scheduler uses <see cref="Ceiling"/> to start programmes on a whole second.
/// </summary>
public static class GuideTime
{
    /// <summary>The nearest whole second (half a second rounds up), in the instant's own offset.</summary>
    public static DateTimeOffset Round(DateTimeOffset instant) =>
        FromUtcTicks((instant.UtcTicks + (TimeSpan.TicksPerSecond / 2)) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, instant.Offset);

    /// <summary>The instant itself when it is on a whole second, else the next whole second.</summary>
    public static DateTimeOffset Ceiling(DateTimeOffset instant) =>
        FromUtcTicks((instant.UtcTicks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, instant.Offset);

    public static bool IsWholeSecond(DateTimeOffset instant) => instant.UtcTicks % TimeSpan.TicksPerSecond == 0;

    private static DateTimeOffset FromUtcTicks(long utcTicks, TimeSpan offset) =>
        new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(offset);
}
