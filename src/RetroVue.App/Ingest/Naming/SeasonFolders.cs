using System.Globalization;
using System.Text.RegularExpressions;

namespace RetroVue.App.Ingest.Naming;

/// <summary>Recognises the folder that groups one season: "Season 01", "Season 1", "S01", "Series 2", "Specials" (season 0).</summary>
public static partial class SeasonFolders
{
    public static int? NumberOf(string folderName)
    {
        var name = folderName.Trim();
        if (Specials().IsMatch(name))
        {
            return 0;
        }

        var match = Numbered().Match(name);
        return match.Success ? int.Parse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"^specials?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Specials();

    [GeneratedRegex(@"^(?:(?:season|series|saison|staffel|temporada|stagione)[ ._-]*|s)(?<n>\d{1,4})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Numbered();
}
