namespace RetroVue.Web.Admin.Security;

/// <summary>How failed sign-ins against one key (a client or an account) hold that key back.</summary>
/// <param name="FreeFailures">Failures allowed before any wait.</param>
/// <param name="FirstDelay">The wait after the last free failure; it doubles with each failure after that.</param>
/// <param name="MaxDelay">The longest wait one failure can cause.</param>
/// <param name="ForgetAfter">Quiet time after which a key's failures are forgotten.</param>
public sealed record StrikePolicy(int FreeFailures, TimeSpan FirstDelay, TimeSpan MaxDelay, TimeSpan ForgetAfter)
{
    public TimeSpan DelayAfter(int failures)
    {
        if (failures < FreeFailures)
        {
            return TimeSpan.Zero;
        }

        // Capped exponent: 2^30 minutes would overflow long before the cap applies.
        var doublings = Math.Min(failures - FreeFailures, 30);
        var delay = FirstDelay * Math.Pow(2, doublings);
        return delay > MaxDelay ? MaxDelay : delay;
    }
}

/// <summary>
/// Failed sign-ins counted per key, in memory and bounded: when full, forgotten keys go first, then the
/// quietest. Not thread-safe; <see cref="SignInThrottle"/> serialises access.
/// </summary>
internal sealed class StrikeTable(StrikePolicy policy, int capacity)
{
    private readonly Dictionary<string, Strikes> _strikes = new(StringComparer.Ordinal);

    public int Count => _strikes.Count;

    /// <summary>When the key may try again; null when it may now.</summary>
    public DateTimeOffset? HeldUntil(string key, DateTimeOffset now) =>
        _strikes.TryGetValue(key, out var strikes) && strikes.HeldUntil > now ? strikes.HeldUntil : null;

    public void Fail(string key, DateTimeOffset now)
    {
        var failures = _strikes.TryGetValue(key, out var strikes) && now - strikes.LastFailure < policy.ForgetAfter ? strikes.Failures + 1 : 1;
        if (!_strikes.ContainsKey(key) && _strikes.Count >= capacity)
        {
            MakeRoom(now);
        }

        _strikes[key] = new Strikes(failures, now, now + policy.DelayAfter(failures));
    }

    public void Forget(string key) => _strikes.Remove(key);

    private void MakeRoom(DateTimeOffset now)
    {
        foreach (var stale in _strikes.Where(s => now - s.Value.LastFailure >= policy.ForgetAfter && s.Value.HeldUntil <= now).Select(s => s.Key).ToList())
        {
            _strikes.Remove(stale);
        }

        if (_strikes.Count >= capacity)
        {
            _strikes.Remove(_strikes.MinBy(s => s.Value.LastFailure).Key);
        }
    }

    private sealed record Strikes(int Failures, DateTimeOffset LastFailure, DateTimeOffset HeldUntil);
}
