using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RetroVue.App.Scheduling.Yaml;

/// <summary>Durations as people write them: "90m", "1h30m", "45s", "2h", or "01:30:00".</summary>
public static partial class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (trimmed.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParseExact(trimmed, [@"h\:mm\:ss", @"hh\:mm\:ss", @"h\:mm"], CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
        }

        var match = Units().Match(trimmed);
        if (!match.Success || match.Length == 0)
        {
            return false;
        }

        static int Part(Group g) => g.Success ? int.Parse(g.Value, CultureInfo.InvariantCulture) : 0;
        duration = new TimeSpan(Part(match.Groups["h"]), Part(match.Groups["m"]), Part(match.Groups["s"]));
        return duration > TimeSpan.Zero;
    }

    public static string Format(TimeSpan duration)
    {
        var text = new StringBuilder();
        if ((int)duration.TotalHours > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours}h");
        }

        if (duration.Minutes > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{duration.Minutes}m");
        }

        if (duration.Seconds > 0 || text.Length == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{duration.Seconds}s");
        }

        return text.ToString();
    }

    [GeneratedRegex(@"^(?:(?<h>\d{1,3})h)?(?:(?<m>\d{1,4})m)?(?:(?<s>\d{1,5})s)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Units();
}
