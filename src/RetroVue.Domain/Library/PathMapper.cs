namespace RetroVue.Domain.Library;

/// <summary>
/// Turns a path as a source reports it (a Plex server's path, maybe a Windows one) into a path on
/// this machine, with a source's ordered prefix rules. The longest matching prefix wins; on a tie the
/// earlier rule wins. Rules are applied once, never chained, so a rule's output cannot be re-mapped
/// by accident. Prefixes match whole path segments only ("/tv" does not match "/tvshows").
/// Windows-style prefixes (a drive letter or UNC) match case-insensitively, as Windows does.
/// </summary>
public sealed class PathMapper
{
    private readonly IReadOnlyList<Rule> _rules;

    /// <param name="rules">Prefix rules in priority order (the order breaks ties between equally long prefixes).</param>
    public PathMapper(IEnumerable<(string FromPrefix, string ToPrefix)> rules)
    {
        _rules = rules
            .Select((rule, order) => new Rule(SourcePath.Normalize(rule.FromPrefix), SourcePath.Normalize(rule.ToPrefix), order))
            .Where(rule => rule.From.Length > 0)
            .OrderByDescending(rule => rule.From.Length)
            .ThenBy(rule => rule.Order)
            .ToList();
    }

    public static PathMapper Empty { get; } = new([]);

    public bool HasRules => _rules.Count > 0;

    public static PathMapper For(IEnumerable<PathMapping> mappings) =>
        new(mappings.OrderBy(m => m.Order).Select(m => (m.FromPrefix, m.ToPrefix)));

    /// <summary>The local path for <paramref name="sourcePath"/>, or null when no rule matches.</summary>
    public string? TryMap(string? sourcePath) => Match(sourcePath)?.LocalPath;

    /// <summary>The rule that maps <paramref name="sourcePath"/> and the local path it gives, or null when no rule matches.</summary>
    public PathMatch? Match(string? sourcePath)
    {
        if (string.IsNullOrWhiteSpace(sourcePath))
        {
            return null;
        }

        var path = SourcePath.Normalize(sourcePath);
        foreach (var rule in _rules)
        {
            if (SourcePath.IsUnder(path, rule.From))
            {
                var remainder = path[rule.From.Length..].TrimStart('/');
                var local = remainder.Length == 0 ? rule.To : SourcePath.Normalize(rule.To + "/" + remainder);
                return new PathMatch(rule.From, rule.To, rule.Order, local);
            }
        }

        return null;
    }

    private sealed record Rule(string From, string To, int Order);
}

/// <summary>Which rule (normalised prefixes and 0-based position in the rule list) mapped a path, and the result.</summary>
public sealed record PathMatch(string FromPrefix, string ToPrefix, int RuleIndex, string LocalPath);

/// <summary>Lexical path rules shared by mapping and identity: no filesystem access.</summary>
public static class SourcePath
{
    /// <summary>
    /// Forward slashes only, no repeated separators, no "." or ".." segments, no trailing slash (except a root),
    /// upper-case drive letter; a UNC path keeps its leading "//".
    /// </summary>
    public static string Normalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var slashed = path.Trim().Replace('\\', '/');
        if (slashed.Length == 0)
        {
            return string.Empty;
        }

        string root;
        string rest;
        if (slashed.StartsWith("//", StringComparison.Ordinal))
        {
            root = "//";
            rest = slashed[2..];
        }
        else if (HasDriveLetter(slashed))
        {
            root = char.ToUpperInvariant(slashed[0]) + ":/";
            rest = slashed[2..];
        }
        else if (slashed[0] == '/')
        {
            root = "/";
            rest = slashed[1..];
        }
        else
        {
            root = string.Empty;
            rest = slashed;
        }

        var segments = new List<string>();
        foreach (var segment in rest.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".")
            {
                continue;
            }

            if (segment == ".." && segments.Count > 0 && segments[^1] != "..")
            {
                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            if (segment == ".." && root.Length > 0)
            {
                continue; // Nothing lies above a root.
            }

            segments.Add(segment);
        }

        return root + string.Join('/', segments);
    }

    /// <summary>A drive-letter ("C:/...") or UNC ("//server/share") path, after normalisation or not.</summary>
    public static bool IsWindowsStyle(string path) =>
        path.StartsWith("//", StringComparison.Ordinal)
        || path.StartsWith(@"\\", StringComparison.Ordinal)
        || HasDriveLetter(path.Replace('\\', '/'));

    /// <summary>True when normalised <paramref name="path"/> is <paramref name="prefix"/> or lies below it, segment-wise.</summary>
    public static bool IsUnder(string path, string prefix)
    {
        var comparison = IsWindowsStyle(prefix) ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (!path.StartsWith(prefix, comparison))
        {
            return false;
        }

        return path.Length == prefix.Length || prefix.EndsWith('/') || path[prefix.Length] == '/';
    }

    private static bool HasDriveLetter(string slashed) =>
        slashed.Length >= 2 && char.IsAsciiLetter(slashed[0]) && slashed[1] == ':' && (slashed.Length == 2 || slashed[2] == '/');
}
