using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace RetroVue.Adapters.Ingest.Filesystem;

/// <summary>Which names in a media folder are worth importing.</summary>
public static partial class MediaFiles
{
    private static readonly FrozenSet<string> VideoExtensions = new[]
    {
        ".mkv", ".mp4", ".m4v", ".avi", ".mov", ".qt", ".ts", ".m2ts", ".mts", ".mpg", ".mpeg", ".mpe", ".m2v",
        ".wmv", ".asf", ".webm", ".flv", ".f4v", ".ogv", ".ogm", ".3gp", ".3g2", ".vob", ".divx", ".rm", ".rmvb",
        ".mxf", ".dv", ".wtv",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static bool IsVideo(string fileName) => VideoExtensions.Contains(Path.GetExtension(fileName));

    /// <summary>Dot-names are hidden by convention: ".Trash", ".DS_Store", "._partial.mkv".</summary>
    public static bool IsHidden(string name) => name.StartsWith('.');

    /// <summary>Release samples ("movie-sample.mkv", "Sample.mkv") are seconds-long previews, not the feature.</summary>
    public static bool IsSampleFile(string fileName) => SampleWord().IsMatch(Path.GetFileNameWithoutExtension(fileName));

    public static bool IsSampleFolder(string folderName) => SampleFolder().IsMatch(folderName);

    [GeneratedRegex(@"(?<![\p{L}\p{N}])sample(?![\p{L}\p{N}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SampleWord();

    [GeneratedRegex(@"^samples?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SampleFolder();
}
