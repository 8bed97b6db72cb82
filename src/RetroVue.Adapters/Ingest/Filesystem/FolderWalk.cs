using System.Runtime.CompilerServices;
using System.Text;
using RetroVue.App.Common;
using RetroVue.App.Ingest;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Ingest.Filesystem;

/// <summary>A media file the walk found.</summary>
/// <param name="CanonicalPath">Absolute, with symbolic links resolved: the file's identity.</param>
/// <param name="RelativePath">The path as walked below the root, through links as named: what the name parser reads.</param>
/// <param name="Artwork">The pictures beside it, found in the listings the walk made anyway (no extra reads).</param>
internal sealed record FoundFile(string CanonicalPath, string RelativePath, FileFingerprint Fingerprint, FileArtwork Artwork);

/// <summary>
/// One depth-first walk of a folder tree that yields media files as it finds them; used once per scan.
/// Each real folder is listed once however many links lead to it, so link loops end. A folder or file
/// that cannot be read is reported on the scan and the walk goes on; unreadable folders are marked
/// incomplete so that nothing known under them is retired.
/// </summary>
internal sealed class FolderWalk
{
    // Linux's PATH_MAX, including the terminating NUL: longer paths cannot be opened by name.
    private const int MaxPathBytes = 4096;

    private readonly string _root;
    private readonly IDirectoryLister _lister;
    private readonly ImportScan _scan;

    // Folders are few next to files; remembering them is what lets a link loop end.
    private readonly HashSet<string> _visitedFolders = new(StringComparer.Ordinal);

    // Below the root each real folder is listed once, so files there are unique without bookkeeping;
    // files reached through links to outside the root may be reached twice and are remembered.
    private readonly HashSet<string> _foundOutsideRoot = new(StringComparer.Ordinal);

    // Links to folders are followed after the real tree, so a folder is named by its real place in the
    // tree rather than by whichever link happened to sort first.
    private readonly Queue<FolderLink> _deferredFolderLinks = new();

    /// <param name="canonicalRoot">The root folder, already resolved with <see cref="CanonicalPath.Resolve"/>.</param>
    public FolderWalk(string canonicalRoot, IDirectoryLister lister, ImportScan scan)
    {
        _root = canonicalRoot;
        _lister = lister;
        _scan = scan;
    }

    /// <exception cref="UserFacingException">The root folder itself cannot be listed.</exception>
    public async IAsyncEnumerable<FoundFile> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pending = new Stack<PendingFolder>();
        pending.Push(new PendingFolder(_root, string.Empty, null));
        _visitedFolders.Add(_root);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var subfolders = new List<PendingFolder>();
            if (!pending.TryPop(out var folder))
            {
                if (!_deferredFolderLinks.TryDequeue(out var link))
                {
                    break;
                }

                ConsiderFolder(link.Parent, link.Target, link.RelativePath, link.Name, link.ParentArtwork, subfolders);
                PushInOrder(pending, subfolders);
                continue;
            }

            var entries = await ListAsync(folder, cancellationToken);
            var images = FolderImages.Of(folder.CanonicalPath, entries);
            var artwork = images.Describe(FolderName(folder.RelativePath), folder.ParentArtwork);
            foreach (var entry in entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (MediaFiles.IsHidden(entry.Name))
                {
                    continue;
                }

                var found = Consider(folder, entry, images, artwork, subfolders);
                if (found is not null)
                {
                    yield return found;
                }
            }

            PushInOrder(pending, subfolders);
        }
    }

    // Pushed in reverse so that subfolders are walked in name order.
    private static void PushInOrder(Stack<PendingFolder> pending, List<PendingFolder> subfolders)
    {
        for (var i = subfolders.Count - 1; i >= 0; i--)
        {
            pending.Push(subfolders[i]);
        }
    }

    private async Task<IReadOnlyList<DirectoryEntry>> ListAsync(PendingFolder folder, CancellationToken cancellationToken)
    {
        try
        {
            // Reading a folder blocks (a slow network share can take seconds), so not on the caller's thread.
            // One folder's listing is held to sort it: the walk's order is then the same every time.
            return await Task.Run(
                () => _lister.List(folder.CanonicalPath).OrderBy(entry => entry.Name, StringComparer.Ordinal).ToList(),
                cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var why = WhyFolderUnreadable(folder, ex);
            if (folder.RelativePath.Length == 0)
            {
                throw new UserFacingException(why, ex);
            }

            if (HasUndecodableName(folder.RelativePath))
            {
                _scan.ReportProblem(DisplayPath(folder.RelativePath), why);
            }
            else
            {
                _scan.MarkIncomplete(folder.CanonicalPath, why);
            }

            return [];
        }
    }

    private string WhyFolderUnreadable(PendingFolder folder, Exception ex)
    {
        var shown = DisplayPath(folder.RelativePath);
        const string kept = " Files already known under it are kept until it can be read.";
        return ex switch
        {
            UnauthorizedAccessException => $"Cannot read folder '{shown}': permission denied.{kept}",
            PathTooLongException => $"Cannot read folder '{shown}': its path is longer than the system allows ({MaxPathBytes} bytes).{kept}",
            DirectoryNotFoundException when HasUndecodableName(folder.RelativePath) =>
                $"Cannot read folder '{shown}': its name is not valid UTF-8 (shown with \uFFFD), so it cannot be opened. Rename it to import what it holds.",
            DirectoryNotFoundException => $"Folder '{shown}' disappeared during the scan.{kept}",
            _ => $"Cannot read folder '{shown}': {ex.Message}{kept}",
        };
    }

    private static string FolderName(string relativePath) => relativePath[(relativePath.LastIndexOf('/') + 1)..];

    private FoundFile? Consider(PendingFolder folder, DirectoryEntry entry, FolderImages images, FolderArtwork artwork, List<PendingFolder> subfolders)
    {
        var relative = folder.RelativePath.Length == 0 ? entry.Name : folder.RelativePath + "/" + entry.Name;
        var path = CanonicalPath.Join(folder.CanonicalPath, entry.Name);
        switch (entry.Kind)
        {
            case DirectoryEntryKind.Directory:
                ConsiderFolder(folder, path, relative, entry.Name, artwork, subfolders);
                return null;
            case DirectoryEntryKind.File:
                return ConsiderFile(path, relative, entry.Name, throughLink: false, () => images.ForFile(entry.Name, artwork));
            default:
                return ConsiderLink(folder, relative, entry.Name, images, artwork);
        }
    }

    private FoundFile? ConsiderLink(PendingFolder folder, string relative, string name, FolderImages images, FolderArtwork artwork)
    {
        string target;
        try
        {
            target = CanonicalPath.ResolveIn(folder.CanonicalPath, name);
        }
        catch (IOException ex)
        {
            _scan.ReportProblem(DisplayPath(relative), $"Cannot follow link '{DisplayPath(relative)}': {ex.Message}");
            return null;
        }

        if (Directory.Exists(target))
        {
            _deferredFolderLinks.Enqueue(new FolderLink(folder, target, relative, name, artwork));
            return null;
        }

        if (File.Exists(target))
        {
            return ConsiderFile(target, relative, name, throughLink: true, () => images.ForFile(name, artwork));
        }

        _scan.ReportProblem(DisplayPath(relative), $"Link '{DisplayPath(relative)}' points at '{target}', which does not exist.");
        return null;
    }

    private void ConsiderFolder(PendingFolder parent, string canonical, string relative, string name, FolderArtwork parentArtwork, List<PendingFolder> subfolders)
    {
        if (MediaFiles.IsSampleFolder(name))
        {
            return;
        }

        if (_visitedFolders.Add(canonical))
        {
            subfolders.Add(new PendingFolder(canonical, relative, parentArtwork));
            return;
        }

        var shown = DisplayPath(relative);
        _scan.ReportProblem(
            shown,
            CanonicalPath.IsUnder(parent.CanonicalPath, canonical)
                ? $"Link '{shown}' points back at '{canonical}', a folder that contains it (a link loop); it is not followed."
                : $"Folder '{shown}' is '{canonical}', which was already scanned through another path; it is scanned once.");
    }

    private FoundFile? ConsiderFile(string canonical, string relative, string name, bool throughLink, Func<FileArtwork> artwork)
    {
        if (!MediaFiles.IsVideo(name) || MediaFiles.IsSampleFile(name))
        {
            return null;
        }

        if (CanonicalPath.IsUnder(canonical, _root))
        {
            // A link to a file the walk finds on its own would make the same asset twice.
            if (throughLink && WalkFindsDirectly(canonical))
            {
                return null;
            }
        }
        else if (!_foundOutsideRoot.Add(canonical))
        {
            return null;
        }

        var info = new FileInfo(canonical);
        try
        {
            if (info.Exists)
            {
                var fingerprint = FileFingerprint.Of(info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero));
                return new FoundFile(canonical, relative, fingerprint, artwork());
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _scan.MarkIncomplete(canonical, $"Cannot read '{DisplayPath(relative)}': {ex.Message} It is kept as it was until it can be read.");
            return null;
        }

        _scan.ReportProblem(DisplayPath(relative), WhyFileMissing(canonical, relative));
        return null;
    }

    private string WhyFileMissing(string canonical, string relative)
    {
        var shown = DisplayPath(relative);
        if (HasUndecodableName(relative))
        {
            return $"'{shown}' is skipped: its name is not valid UTF-8 (shown with \uFFFD), so it cannot be opened. Rename it to import it.";
        }

        if (Encoding.UTF8.GetByteCount(canonical) >= MaxPathBytes)
        {
            return $"'{shown}' is skipped: its path is longer than the system allows ({MaxPathBytes} bytes).";
        }

        return $"'{shown}' disappeared during the scan and is skipped.";
    }

    private bool WalkFindsDirectly(string canonicalFile)
    {
        var below = canonicalFile[(_root.Length + (_root.EndsWith('/') ? 0 : 1))..].Split('/');
        return MediaFiles.IsVideo(below[^1])
            && !MediaFiles.IsSampleFile(below[^1])
            && below.All(part => !MediaFiles.IsHidden(part))
            && below[..^1].All(part => !MediaFiles.IsSampleFolder(part));
    }

    // .NET decodes names that are not UTF-8 with U+FFFD, and a name so decoded no longer opens the file.
    private static bool HasUndecodableName(string relative) => relative.Contains('\uFFFD', StringComparison.Ordinal);

    private string DisplayPath(string relative) => relative.Length == 0 ? _root : CanonicalPath.Join(_root, relative);

    /// <param name="ParentArtwork">The pictures of the folder it was found in; null for the root.</param>
    private sealed record PendingFolder(string CanonicalPath, string RelativePath, FolderArtwork? ParentArtwork);

    private sealed record FolderLink(PendingFolder Parent, string Target, string RelativePath, string Name, FolderArtwork ParentArtwork);
}
