using RetroVue.App.Common;
using RetroVue.Domain.Library;

namespace RetroVue.App.Ingest;

/// <summary>The settings a filesystem source carries: the folder to scan and what it holds.</summary>
public static class FilesystemSourceSettings
{
    public const string PathKey = "path";
    public const string KindKey = "kind";

    /// <summary>The values <see cref="KindKey"/> accepts, as an operator types them.</summary>
    public static IReadOnlyList<string> KindNames { get; } = ["mixed", "shows", "movies"];

    /// <summary>The folder to scan, exactly as configured.</summary>
    public static string RootOf(Source source)
    {
        var path = source.GetSetting(PathKey);
        return string.IsNullOrWhiteSpace(path)
            ? throw new UserFacingException($"Source '{source.Name}' has no '{PathKey}' setting: set it to the folder to scan.")
            : path;
    }

    /// <summary>What the source holds; a source without the setting is mixed.</summary>
    public static SourceContentKind ContentKindOf(Source source)
    {
        var value = source.GetSetting(KindKey);
        if (string.IsNullOrWhiteSpace(value))
        {
            return SourceContentKind.Mixed;
        }

        return TryParseKind(value, out var kind)
            ? kind
            : throw new UserFacingException(
                $"Source '{source.Name}' has {KindKey} '{value}', which is not one of: {string.Join(", ", KindNames)}.");
    }

    public static bool TryParseKind(string? value, out SourceContentKind kind)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "mixed":
                kind = SourceContentKind.Mixed;
                return true;
            case "shows":
                kind = SourceContentKind.Shows;
                return true;
            case "movies":
                kind = SourceContentKind.Movies;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}
