using System.Globalization;
using RetroVue.App.Common;
using RetroVue.Domain.Library;

namespace RetroVue.App.Sources;

/// <summary>
/// The "sync-interval" setting of a source: how often the server syncs it ("30m", "6h", "1d", or "off").
/// Sources without the setting sync every 6 hours.
/// </summary>
public static class SyncIntervalSetting
{
    public const string Key = "sync-interval";
    public const string Off = "off";

    public static TimeSpan Default { get; } = TimeSpan.FromHours(6);

    /// <summary>Syncing more often than this would only load the source for nothing.</summary>
    public static TimeSpan Minimum { get; } = TimeSpan.FromMinutes(1);

    /// <summary>The source's interval, or null when its scheduled sync is off.</summary>
    public static TimeSpan? Of(Source source)
    {
        var text = source.GetSetting(Key);
        if (string.IsNullOrWhiteSpace(text))
        {
            return Default;
        }

        return TryParse(text, out var interval, out var error)
            ? interval
            : throw new UserFacingException($"Source '{source.Name}' has {Key} '{text}': {error}");
    }

    public static bool TryParse(string? text, out TimeSpan? interval, out string error)
    {
        interval = null;
        error = string.Empty;
        var value = text?.Trim().ToLowerInvariant() ?? string.Empty;
        if (value == Off)
        {
            return true;
        }

        var number = value.Length > 1 ? value[..^1] : string.Empty;
        TimeSpan? parsed = int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount > 0
            ? value[^1] switch
            {
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            }
            : null;
        if (parsed is null)
        {
            error = "use a whole number of minutes, hours or days (30m, 6h, 1d) or 'off'.";
            return false;
        }

        if (parsed < Minimum)
        {
            error = $"the shortest interval is {Minimum.TotalMinutes:0} minute.";
            return false;
        }

        interval = parsed;
        return true;
    }

    /// <summary>The setting as it is stored: the operator's text, normalised ("6h", "off").</summary>
    public static string Normalize(string text) => text.Trim().ToLowerInvariant();
}
