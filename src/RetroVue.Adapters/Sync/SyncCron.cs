namespace RetroVue.Adapters.Sync;

/// <summary>
/// A recurring job's cron expression for an interval, and the period it really fires at. Cron counts from the top
/// of the hour and from midnight (UTC), so it repeats evenly only at intervals that divide an hour or a day;
/// any other interval fires on a finer tick that divides it, and the job skips the ticks that are not due yet.
/// </summary>
public sealed record SyncCron(string Expression, TimeSpan Tick)
{
    private const int MinutesPerDay = 24 * 60;

    /// <summary>True when the cron fires exactly at the interval, so no tick is skipped.</summary>
    public bool IsExact(TimeSpan interval) => Tick == interval;

    public static SyncCron For(TimeSpan interval)
    {
        var minutes = Math.Max(1, (int)Math.Round(interval.TotalMinutes));
        if (minutes < 60 && 60 % minutes == 0)
        {
            return EveryMinutes(minutes);
        }

        if (minutes % 60 == 0 && minutes <= MinutesPerDay && MinutesPerDay % minutes == 0)
        {
            var hours = minutes / 60;
            return hours switch
            {
                1 => new SyncCron("0 * * * *", TimeSpan.FromHours(1)),
                24 => Daily,
                _ => new SyncCron($"0 */{hours} * * *", TimeSpan.FromHours(hours)),
            };
        }

        if (minutes % MinutesPerDay == 0)
        {
            return Daily;
        }

        return minutes % 60 == 0 ? new SyncCron("0 * * * *", TimeSpan.FromHours(1)) : EveryMinutes(GreatestCommonDivisor(minutes, 60));
    }

    /// <summary>
    /// Whether a tick at <paramref name="now"/> is due, given when the last scheduled run started: half a tick of
    /// slack absorbs a run that started a little late.
    /// </summary>
    public bool IsDue(TimeSpan interval, DateTimeOffset? lastScheduledStart, DateTimeOffset now) =>
        lastScheduledStart is not { } last || now - last >= interval - (Tick / 2);

    private static SyncCron Daily { get; } = new("0 0 * * *", TimeSpan.FromDays(1));

    private static SyncCron EveryMinutes(int minutes) =>
        new(minutes == 1 ? "* * * * *" : $"*/{minutes} * * * *", TimeSpan.FromMinutes(minutes));

    private static int GreatestCommonDivisor(int a, int b) => b == 0 ? a : GreatestCommonDivisor(b, a % b);
}
