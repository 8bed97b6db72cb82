using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RetroVue.App.Ingest.Naming;

/// <summary>A display name read out of a file or folder name, with the year it carried, if any.</summary>
internal sealed record CleanName(string Name, int? Year)
{
    public bool IsEmpty => Name.Length == 0;

    /// <summary>Letters and digits only, lower case: "Show.Name" and "Show Name (US)" compare by what they spell.</summary>
    public string Key => NameCleaner.ComparisonKey(Name);
}

/// <summary>
/// Turns the raw words of a release name into a display name: separators become spaces, tags and
/// release details (resolution, codec, source) are dropped, and a trailing year is taken apart.
/// </summary>
internal static partial class NameCleaner
{
    private const int FirstYear = 1880;
    private const int LastYear = 2099;
    private const string EdgeSeparators = " -._,;:";

    /// <summary>
    /// A name without spaces uses dots or underscores between words ("Show.Name.S01E02"); a name
    /// with spaces keeps its dots, because they are part of words ("Mr. Robot").
    /// </summary>
    public static bool IsDotted(string stem) => !stem.Contains(' ', StringComparison.Ordinal);

    public static CleanName Name(string raw, bool dotted)
    {
        var tokens = Tokens(raw, dotted);
        var joined = TrimEdges(string.Join(' ', tokens));

        var parenthesized = ParenthesizedYear().Matches(joined).LastOrDefault(m => IsYear(m.Groups["year"].Value));
        if (parenthesized is not null)
        {
            var before = TrimEdges(joined[..parenthesized.Index]);
            if (before.Length > 0)
            {
                return new CleanName(before, int.Parse(parenthesized.Groups["year"].Value, CultureInfo.InvariantCulture));
            }
        }

        tokens = joined.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // A bare year counts only when words come before it, so "1923" or "2012" alone stays a name.
        // Release names put junk after the year ("Movie.1999.Remastered"); a spaced name must end with it.
        for (var i = tokens.Length - 1; i >= 1; i--)
        {
            if (IsYear(tokens[i]))
            {
                return new CleanName(TrimEdges(string.Join(' ', tokens[..i])), int.Parse(tokens[i], CultureInfo.InvariantCulture));
            }

            if (!dotted)
            {
                break;
            }
        }

        return new CleanName(joined, null);
    }

    /// <summary>An episode title: what is left after the release details are dropped, or null when nothing is.</summary>
    public static string? Title(string raw, bool dotted)
    {
        var title = TrimEdges(string.Join(' ', Tokens(raw, dotted)));
        return title.Length == 0 ? null : title;
    }

    public static string ComparisonKey(string name)
    {
        var key = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsLetterOrDigit(c))
            {
                key.Append(char.ToLowerInvariant(c));
            }
        }

        return key.ToString();
    }

    private static string[] Tokens(string raw, bool dotted)
    {
        var text = BracketedYear().Replace(raw, " (${year}) ");
        text = Tag().Replace(text, " ");
        text = text.Replace('_', ' ');
        if (dotted)
        {
            text = text.Replace('.', ' ');
        }

        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var firstReleaseDetail = Array.FindIndex(tokens, IsReleaseDetail);
        return firstReleaseDetail < 0 ? tokens : tokens[..firstReleaseDetail];
    }

    private static bool IsReleaseDetail(string token) => ReleaseDetail().IsMatch(token.Trim('(', ')', '[', ']', '-'));

    private static bool IsYear(string token) =>
        token.Length == 4
        && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var year)
        && year is >= FirstYear and <= LastYear;

    private static string TrimEdges(string text) => MultipleSpaces().Replace(text.Trim(EdgeSeparators.ToCharArray()), " ");

    [GeneratedRegex(@"\((?<year>\d{4})\)", RegexOptions.CultureInvariant)]
    private static partial Regex ParenthesizedYear();

    [GeneratedRegex(@"\[(?<year>\d{4})\]", RegexOptions.CultureInvariant)]
    private static partial Regex BracketedYear();

    // Plex-style ids {tvdb-123}, release groups and tags [720p] [GROUP].
    [GeneratedRegex(@"\{[^}]*\}|\[[^\]]*\]", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex MultipleSpaces();

    // Words that only a release name uses; everything from the first of them on is not part of a title.
    // Plain English words ("web", "proper", "extended") are left out on purpose: titles use them.
    [GeneratedRegex(
        @"^(?:\d{3,4}[pi]|[48]k|uhd|hdr|hdr10\+?|dovi|blu-?ray|bdrip|brrip|bdremux|remux|webrip|web-?dl|hdtv|pdtv|dvdrip|dvdscr|hdrip|[xh]26[45]|hevc|avc|xvid|divx|aac|e?ac3|dts|dts-hd|truehd|ddp?5\.1|10bit|8bit|repack)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReleaseDetail();
}
