using System.Globalization;

namespace RetroVue.Web.Admin;

/// <summary>How the admin pages write numbers, sizes, durations and times.</summary>
public static class Format
{
    public static string Duration(double? seconds)
    {
        if (seconds is not { } s || s <= 0)
        {
            return "–";
        }

        var span = TimeSpan.FromSeconds(Math.Round(s));
        return span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}:{span.Minutes:00}:{span.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}:{span.Seconds:00}");
    }

    public static string Size(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {units[unit]}");
    }

    public static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string When(DateTimeOffset? instant) =>
        instant is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "–";

    /// <summary>"S01E02", or null when the programme is not an episode.</summary>
    public static string? EpisodeCode(int? season, int? episode) =>
        season is { } s && episode is { } e ? string.Create(CultureInfo.InvariantCulture, $"S{s:00}E{e:00}") : null;

    /// <summary>The badge colour of an asset or review state.</summary>
    public static string Tone(string state) => state switch
    {
        "ready" or "resolved" or "healthy" or "succeeded" or "running" => "good",
        "new" or "enriching" or "pending" or "degraded" or "incomplete" or "queued" or "standby" => "warn",
        "retired" or "failed" or "unhealthy" or "cancelled" or "error" => "bad",
        _ => "info",
    };
}
