using System.Globalization;

namespace RetroVue.Web.Admin;

/// <summary>
/// The clock the admin's guide and schedules are read in: Admin:TimeZone (an IANA name), else the server's own zone.
/// Instants stay UTC everywhere else; this only formats them.
/// </summary>
public sealed class DisplayTime(TimeZoneInfo zone)
{
    public TimeZoneInfo Zone => zone;

    public string ZoneName => zone.Id;

    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone);

    public string Clock(DateTimeOffset instant) => Local(instant).ToString("HH:mm", CultureInfo.InvariantCulture);

    public string Day(DateTimeOffset instant) => Local(instant).ToString("ddd d MMM", CultureInfo.InvariantCulture);

    public string DayAndClock(DateTimeOffset instant) => Local(instant).ToString("ddd d MMM, HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The clock of an instant in another zone (a channel's own).</summary>
    public static string ClockIn(DateTimeOffset instant, string timeZoneId)
    {
        var local = TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var channelZone) ? TimeZoneInfo.ConvertTime(instant, channelZone) : instant;
        return local.ToString("ddd HH:mm", CultureInfo.InvariantCulture);
    }
}
