using RetroVue.Domain.Common;

namespace RetroVue.Domain.Scheduling;

public static class ChannelTimeZone
{
    /// <summary>Finds an IANA zone; an unknown id is an operator error, not a crash.</summary>
    public static TimeZoneInfo Find(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new DomainException("A channel needs a time zone, e.g. 'America/New_York'.");
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            throw new DomainException($"'{id}' is not a known time zone: use an IANA name such as 'Europe/Berlin'.");
        }
    }
}
