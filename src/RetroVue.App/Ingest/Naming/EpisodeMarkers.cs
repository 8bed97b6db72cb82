using System.Globalization;
using System.Text.RegularExpressions;

namespace RetroVue.App.Ingest.Naming;

/// <summary>Where in a file name the episode is named, and which one it is.</summary>
/// <param name="Season">Null when the name gives only the episode ("E02"); the season folder supplies it.</param>
internal sealed record EpisodeMarker(int Index, int Length, int? Season, IReadOnlyList<int> Episodes)
{
    public int End => Index + Length;
}

/// <summary>Finds "S01E02", "s1e2", "S01.E02", "1x02", "Season 1 Episode 2" and multi-episode forms in a file name.</summary>
internal static partial class EpisodeMarkers
{
    // A hyphen between two numbers is a range ("S01E01-E03" is three episodes) unless it is implausibly long.
    private const int LongestRange = 30;

    public static EpisodeMarker? Find(string stem, bool inSeasonFolder)
    {
        var match = SeasonAndEpisode().Match(stem);
        if (!match.Success)
        {
            match = SpelledOut().Match(stem);
        }

        if (!match.Success)
        {
            match = CrossForm().Match(stem);
        }

        if (!match.Success && inSeasonFolder)
        {
            // Without a season folder a lone number is too often something else (a part, a year, a resolution).
            match = EpisodeOnly().Match(stem);
            if (!match.Success)
            {
                match = LeadingNumber().Match(stem);
            }
        }

        return match.Success ? ToMarker(match) : null;
    }

    private static EpisodeMarker ToMarker(Match match)
    {
        var season = match.Groups["season"].Success ? Number(match.Groups["season"].Value) : (int?)null;
        var first = Number(match.Groups["first"].Value);
        var more = match.Groups["more"].Value;
        var extra = AdditionalNumber().Matches(more).Select(m => Number(m.Groups["n"].Value)).ToList();

        List<int> episodes = [first];
        var isRange = extra.Count == 1 && more.TrimStart(' ', '.', '_').StartsWith('-') && extra[0] > first && extra[0] - first <= LongestRange;
        if (isRange)
        {
            episodes.AddRange(Enumerable.Range(first + 1, extra[0] - first));
        }
        else
        {
            episodes.AddRange(extra);
        }

        return new EpisodeMarker(match.Index, match.Length, season, episodes.Distinct().ToList());
    }

    private static int Number(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    // S01E02, s1e2, S01.E02, S01 E02, S01E01E02, S01E01-E02, S01E01-02 (but not S01E01-720p).
    [GeneratedRegex(
        @"(?<![\p{L}\p{N}])s(?<season>\d{1,4})[ ._-]{0,3}e(?<first>\d{1,4})(?!\d)(?<more>(?:[ ._-]{0,3}e\d{1,4}(?!\d))*(?:-\d{1,3}(?![\dpi]))?)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SeasonAndEpisode();

    [GeneratedRegex(
        @"(?<![\p{L}\p{N}])season[ ._-]*(?<season>\d{1,4})[ ._-]*(?:episode|ep)[ ._-]*(?<first>\d{1,4})(?!\d)(?<more>(?:-\d{1,4}(?!\d))?)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SpelledOut();

    // 1x02, 01x02, 1x01-1x02, 1x01-02; never a resolution like 1920x1080.
    [GeneratedRegex(
        @"(?<![\p{L}\p{N}])(?<season>\d{1,2})x(?<first>\d{2,3})(?!\d)(?<more>(?:-(?:\d{1,2}x)?\d{2,3}(?![\dpi]))*)(?![\p{L}\p{N}])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CrossForm();

    // E02, Ep02, Episode 2, E01-E02.
    [GeneratedRegex(
        @"(?<![\p{L}\p{N}])(?:episode|ep|e)[ ._-]?(?<first>\d{1,4})(?!\d)(?<more>(?:-(?:ep|e)?\d{1,4}(?!\d))*)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EpisodeOnly();

    // "02 - Title.mkv" inside "Season 01".
    [GeneratedRegex(@"^(?<first>\d{1,3})(?!\d)(?<more>(?:-\d{1,3}(?!\d))*)(?=$|[ ._-])", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingNumber();

    [GeneratedRegex(@"(?:\d+x)?(?<n>\d+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AdditionalNumber();
}
