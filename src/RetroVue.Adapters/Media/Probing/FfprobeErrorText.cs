using System.Text.RegularExpressions;

namespace RetroVue.Adapters.Media.Probing;

/// <summary>
/// Condenses ffprobe's stderr into one short line for an operator. ffprobe ends with "FILE: reason"
/// ("Invalid data found when processing input") and often precedes it with the demuxer's detail
/// ("[mov,mp4,... @ 0x55..] moov atom not found"); the result is "reason (detail)".
/// </summary>
public static partial class FfprobeErrorText
{
    private const int MaxLength = 300;

    /// <summary>Messages ffprobe prints while still exiting 0, each meaning the file stops before its data does.</summary>
    private static readonly string[] TruncationSigns = ["File ended prematurely", "Truncating packet", "moov atom not found"];

    public static string? Summarize(string standardError, string path)
    {
        string? reason = null;
        string? detail = null;
        foreach (var raw in standardError.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith(path + ": ", StringComparison.Ordinal))
            {
                reason ??= line[(path.Length + 2)..].Trim();
            }
            else
            {
                detail ??= ContextPrefix().Replace(line, string.Empty).Trim();
            }
        }

        var summary = (reason, detail) switch
        {
            (null, null) => null,
            ({ } r, null) => r,
            (null, { } d) => d,
            ({ } r, { } d) => r.Contains(d, StringComparison.OrdinalIgnoreCase) ? r : $"{r} ({d})",
        };
        return summary is { Length: > MaxLength } ? summary[..MaxLength] + "..." : summary;
    }

    /// <summary>The truncation message ffprobe printed while reporting success, if any.</summary>
    public static string? TruncationSign(string standardError) =>
        TruncationSigns.FirstOrDefault(sign => standardError.Contains(sign, StringComparison.OrdinalIgnoreCase));

    /// <summary>The "[matroska,webm @ 0x55d1c0]" prefix that names the component, not the problem.</summary>
    [GeneratedRegex(@"^\[[^\]]*@\s*0x[0-9a-fA-F]+\]\s*")]
    private static partial Regex ContextPrefix();
}
