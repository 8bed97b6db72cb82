using RetroVue.Adapters.Plex;
using RetroVue.App.Sources;

namespace RetroVue.Adapters.Sources;

/// <summary>A filesystem source's folder as this machine sees it right now.</summary>
/// <param name="TopLevelEntries">Files and folders directly inside, counted up to <see cref="SourceConnectionTester.MaxCountedEntries"/>.</param>
/// <param name="MoreEntries">True when counting stopped at the limit.</param>
public sealed record FilesystemSourceCheck(string Path, bool Exists, bool Readable, int? TopLevelEntries, bool MoreEntries);

/// <summary>
/// The answer to "test connection": <see cref="Ok"/> with no <see cref="Problems"/> means a sync can start.
/// Exactly one of <see cref="Plex"/> and <see cref="Filesystem"/> is set, unless the Plex server could not be asked at all.
/// </summary>
public sealed record SourceConnectionReport(
    string Source,
    string Kind,
    bool Ok,
    PlexSourceReport? Plex,
    FilesystemSourceCheck? Filesystem,
    IReadOnlyList<string> Problems,
    Jellyfin.JellyfinSourceReport? MediaServer = null);

/// <summary>
/// Checks that a source can be read without importing anything: a Plex source through <see cref="PlexSourceTester"/>,
/// a filesystem source by opening its folder. A server that cannot be reached is a finding, not an error.
/// </summary>
public sealed class SourceConnectionTester(SourceEditor editor, PlexSourceTester plex, Jellyfin.JellyfinSourceTester jellyfin)
{
    /// <summary>Counting stops here so that a folder with millions of entries cannot hold the request.</summary>
    public const int MaxCountedEntries = 100_000;

    public async Task<SourceConnectionReport> TestAsync(string sourceName, CancellationToken cancellationToken)
    {
        var form = await editor.GetAsync(sourceName, cancellationToken);
        if (form.Kind == "plex")
        {
            try
            {
                var report = await plex.TestAsync(form.Name, cancellationToken);
                return new SourceConnectionReport(form.Name, form.Kind, report.Problems.Count == 0, report, null, report.Problems);
            }
            catch (PlexException e)
            {
                // The message is already redacted and names the server and what failed.
                return new SourceConnectionReport(form.Name, form.Kind, false, null, null, [e.Message]);
            }
        }

        if (form.Kind is "jellyfin" or "emby")
        {
            try
            {
                var report = await jellyfin.TestAsync(form.Name, cancellationToken);
                return new SourceConnectionReport(form.Name, form.Kind, report.Problems.Count == 0, null, null, report.Problems, report);
            }
            catch (Jellyfin.JellyfinException e)
            {
                return new SourceConnectionReport(form.Name, form.Kind, false, null, null, [e.Message]);
            }
        }

        var check = CheckFolder(form.Path ?? string.Empty, cancellationToken);
        var problems = new List<string>();
        if (!check.Exists)
        {
            problems.Add(File.Exists(check.Path) ? $"{check.Path} is a file; a filesystem source needs a folder." : $"The folder {check.Path} does not exist on this machine.");
        }
        else if (!check.Readable)
        {
            problems.Add($"The folder {check.Path} exists but RetroVue may not read it.");
        }

        return new SourceConnectionReport(form.Name, form.Kind, problems.Count == 0, null, check, problems);
    }

    private static FilesystemSourceCheck CheckFolder(string path, CancellationToken cancellationToken)
    {
        if (path.Length == 0 || !Directory.Exists(path))
        {
            return new FilesystemSourceCheck(path, false, false, null, false);
        }

        try
        {
            var count = 0;
            foreach (var _ in Directory.EnumerateFileSystemEntries(path))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (++count > MaxCountedEntries)
                {
                    return new FilesystemSourceCheck(path, true, true, MaxCountedEntries, true);
                }
            }

            return new FilesystemSourceCheck(path, true, true, count, false);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return new FilesystemSourceCheck(path, true, false, null, false);
        }
    }
}
