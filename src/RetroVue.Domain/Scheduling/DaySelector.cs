namespace RetroVue.Domain.Scheduling;

[Flags]
public enum WeekdaySet
{
    None = 0,
    Monday = 1,
    Tuesday = 2,
    Wednesday = 4,
    Thursday = 8,
    Friday = 16,
    Saturday = 32,
    Sunday = 64,
    Weekdays = Monday | Tuesday | Wednesday | Thursday | Friday,
    Weekends = Saturday | Sunday,
    All = Weekdays | Weekends,
}

public static class WeekdaySetExtensions
{
    public static WeekdaySet ToSet(this DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => WeekdaySet.Monday,
        DayOfWeek.Tuesday => WeekdaySet.Tuesday,
        DayOfWeek.Wednesday => WeekdaySet.Wednesday,
        DayOfWeek.Thursday => WeekdaySet.Thursday,
        DayOfWeek.Friday => WeekdaySet.Friday,
        DayOfWeek.Saturday => WeekdaySet.Saturday,
        _ => WeekdaySet.Sunday,
    };

    public static bool Contains(this WeekdaySet set, DayOfWeek day) => (set & day.ToSet()) != 0;

    public static int Count(this WeekdaySet set) => System.Numerics.BitOperations.PopCount((uint)(set & WeekdaySet.All));
}

/// <summary>A span of calendar dates, either once (2025-12-24..2025-12-26) or every year (12-01..12-31, may wrap New Year).</summary>
public abstract record DateSpan
{
    public abstract bool Contains(DateOnly date);
}

public sealed record FixedDateSpan(DateOnly From, DateOnly To) : DateSpan
{
    public override bool Contains(DateOnly date) => date >= From && date <= To;
}

public sealed record AnnualDateSpan(int FromMonth, int FromDay, int ToMonth, int ToDay) : DateSpan
{
    public override bool Contains(DateOnly date)
    {
        var value = (date.Month * 100) + date.Day;
        var from = (FromMonth * 100) + FromDay;
        var to = (ToMonth * 100) + ToDay;
        return from <= to ? value >= from && value <= to : value >= from || value <= to;
    }
}

/// <summary>Which broadcast days a layer applies to. The date of a broadcast day is the date on which it starts.</summary>
public sealed record DaySelector(WeekdaySet Weekdays, DateSpan? Dates = null)
{
    public static DaySelector AllDays { get; } = new(WeekdaySet.All);

    public bool AppliesTo(DateOnly broadcastDate) =>
        Weekdays.Contains(broadcastDate.DayOfWeek) && (Dates is null || Dates.Contains(broadcastDate));

    /// <summary>
    /// Higher wins. A one-off date span beats a yearly one, which beats any weekday choice; among weekday
    /// choices fewer days is more specific (one day > weekends > weekdays > all days).
    /// </summary>
    public int Specificity => (Dates switch
    {
        FixedDateSpan => 2000,
        AnnualDateSpan => 1000,
        _ => 0,
    }) + (7 - Weekdays.Count());
}
