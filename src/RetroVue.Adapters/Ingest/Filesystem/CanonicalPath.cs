namespace RetroVue.Adapters.Ingest.Filesystem;

/// <summary>
/// The one absolute spelling of a path, with every symbolic link along it resolved (realpath semantics),
/// so that a file reached through two links is still one asset. Components that do not exist are kept
/// as written; the caller finds out when it opens the result.
/// </summary>
public static class CanonicalPath
{
    // Linux gives up after 40 links in one lookup (MAXSYMLINKS); a longer chain is a loop.
    private const int MaxLinkHops = 40;

    /// <exception cref="IOException">The links form a loop.</exception>
    public static string Resolve(string path) =>
        // Not Path.GetFullPath: it drops "link/.." by spelling alone, where the kernel goes up from the link's target.
        Resolve(string.Empty, Path.IsPathRooted(path) ? path : Path.Combine(Directory.GetCurrentDirectory(), path));

    /// <summary>Resolves <paramref name="name"/> inside a folder whose path is already canonical.</summary>
    /// <exception cref="IOException">The links form a loop.</exception>
    public static string ResolveIn(string canonicalFolder, string name) =>
        Resolve(canonicalFolder == "/" ? string.Empty : canonicalFolder, name);

    public static string Join(string canonicalFolder, string name) =>
        canonicalFolder.EndsWith('/') ? canonicalFolder + name : canonicalFolder + "/" + name;

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or lies below it.</summary>
    public static bool IsUnder(string path, string folder) =>
        path.Equals(folder, StringComparison.Ordinal)
        || (path.StartsWith(folder, StringComparison.Ordinal)
            && (folder.EndsWith('/') || (path.Length > folder.Length && path[folder.Length] == '/')));

    // "resolved" is kept without a trailing slash; empty stands for "/".
    private static string Resolve(string resolved, string rest)
    {
        var pending = new Stack<string>();
        PushComponents(pending, rest);
        var hops = 0;
        while (pending.TryPop(out var part))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                resolved = resolved[..Math.Max(0, resolved.LastIndexOf('/'))];
                continue;
            }

            var candidate = resolved + "/" + part;
            var target = new FileInfo(candidate).LinkTarget;
            if (target is null)
            {
                resolved = candidate;
                continue;
            }

            if (++hops > MaxLinkHops)
            {
                throw new IOException($"Too many levels of symbolic links at '{candidate}': the links form a loop.");
            }

            PushComponents(pending, target);
            if (target.StartsWith('/'))
            {
                resolved = string.Empty;
            }
        }

        return resolved.Length == 0 ? "/" : resolved;
    }

    private static void PushComponents(Stack<string> pending, string path)
    {
        var parts = path.Split('/');
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            pending.Push(parts[i]);
        }
    }
}
