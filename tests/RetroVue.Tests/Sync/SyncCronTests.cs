using RetroVue.Adapters.Sync;

namespace RetroVue.Tests.Sync;

/// <summary>A source's sync interval as a Hangfire cron: exact where cron can repeat evenly, else a finer tick that skips until due.</summary>
public sealed class SyncCronTests
{
    [Theory]
    [InlineData("1m", "* * * * *", 1)]
    [InlineData("30m", "*/30 * * * *", 30)]
    [InlineData("1h", "0 * * * *", 60)]
    [InlineData("6h", "0 */6 * * *", 360)]
    [InlineData("1d", "0 0 * * *", 1440)]
    [InlineData("45m", "*/15 * * * *", 15)]
    [InlineData("90m", "*/30 * * * *", 30)]
    [InlineData("5h", "0 * * * *", 60)]
    [InlineData("2d", "0 0 * * *", 1440)]
    [InlineData("7m", "* * * * *", 1)]
    public void Every_interval_gets_a_cron_whose_tick_divides_it(string setting, string expression, int tickMinutes)
    {
        Assert.True(App.Sources.SyncIntervalSetting.TryParse(setting, out var interval, out _));
        var cron = SyncCron.For(interval!.Value);

        Assert.Equal((expression, TimeSpan.FromMinutes(tickMinutes)), (cron.Expression, cron.Tick));
        Assert.Equal(0, interval.Value.Ticks % cron.Tick.Ticks);
    }

    [Fact]
    public void A_finer_tick_runs_only_once_the_interval_has_passed_since_the_last_scheduled_run()
    {
        var interval = TimeSpan.FromMinutes(90);
        var cron = SyncCron.For(interval);
        var start = new DateTimeOffset(2025, 1, 6, 6, 0, 3, TimeSpan.Zero);

        // Ticks every 30 minutes from 06:00; the first run started a little late, at 06:00:03.
        var last = start;
        var due = new List<bool>();
        for (var tick = 1; tick <= 6; tick++)
        {
            var now = new DateTimeOffset(2025, 1, 6, 6, 0, 0, TimeSpan.Zero).AddMinutes(30 * tick);
            due.Add(cron.IsDue(interval, last, now));
            last = due[^1] ? now : last;
        }

        Assert.Equal([false, false, true, false, false, true], due);
        Assert.True(cron.IsDue(interval, lastScheduledStart: null, start), "a source never synced on schedule is due at its first tick");
        Assert.False(cron.IsExact(interval));
        Assert.True(SyncCron.For(TimeSpan.FromHours(6)).IsExact(TimeSpan.FromHours(6)));
    }
}
