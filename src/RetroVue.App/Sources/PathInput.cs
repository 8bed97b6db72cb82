using RetroVue.App.Common;

namespace RetroVue.App.Sources;

/// <summary>
/// Checks a path typed into a form or an API body before anything touches the filesystem:
/// absolute, no ".." segments (path traversal), no control characters, bounded length.
/// </summary>
public static class PathInput
{
    public const int MaxLength = 4096;

    /// <summary>A folder on this machine: an absolute path.</summary>
    public static string LocalPath(string field, string? value)
    {
        var path = Common(field, value);
        if (!Path.IsPathFullyQualified(path))
        {
            throw new UserFacingException($"{field} must be an absolute path (starting with '/'), not '{path}'.");
        }

        return path;
    }

    /// <summary>A path prefix as another machine reports it (a Plex server, maybe Windows): absolute in its own style.</summary>
    public static string RemotePrefix(string field, string? value)
    {
        var path = Common(field, value);
        var slashed = path.Replace('\\', '/');
        var absolute = slashed.StartsWith('/') || (slashed.Length >= 3 && char.IsAsciiLetter(slashed[0]) && slashed[1] == ':' && slashed[2] == '/');
        if (!absolute)
        {
            throw new UserFacingException($"{field} must be an absolute path ('/media/tv', 'D:\\TV' or '\\\\server\\share'), not '{path}'.");
        }

        return path;
    }

    private static string Common(string field, string? value)
    {
        var path = value?.Trim() ?? string.Empty;
        if (path.Length == 0)
        {
            throw new UserFacingException($"{field} is required.");
        }

        if (path.Length > MaxLength)
        {
            throw new UserFacingException($"{field} is longer than {MaxLength} characters.");
        }

        if (path.Any(char.IsControl))
        {
            throw new UserFacingException($"{field} contains control characters.");
        }

        if (path.Split('/', '\\').Any(segment => segment == ".."))
        {
            throw new UserFacingException($"{field} must not contain '..' segments.");
        }

        return path;
    }
}
