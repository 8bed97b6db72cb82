using System.IO.Enumeration;

namespace RetroVue.Adapters.Ingest.Filesystem;

public enum DirectoryEntryKind
{
    File = 0,
    Directory = 1,

    /// <summary>A symbolic link, to a file or a folder; the walker resolves it.</summary>
    SymbolicLink = 2,
}

/// <summary>One name in a folder, as the folder lists it (nothing is followed or read).</summary>
public sealed record DirectoryEntry(string Name, DirectoryEntryKind Kind);

/// <summary>
/// Lists one folder. Throws what the operating system reports: <see cref="UnauthorizedAccessException"/>
/// for a folder that may not be read, <see cref="DirectoryNotFoundException"/> for one that is gone,
/// <see cref="IOException"/> otherwise. A seam so that tests can provoke what root cannot (permission denied).
/// </summary>
public interface IDirectoryLister
{
    IEnumerable<DirectoryEntry> List(string directory);
}

/// <summary>Lists a local folder without following links and without hiding errors.</summary>
public sealed class LocalDirectoryLister : IDirectoryLister
{
    private static readonly EnumerationOptions Options = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    public IEnumerable<DirectoryEntry> List(string directory) =>
        new FileSystemEnumerable<DirectoryEntry>(
            directory,
            static (ref FileSystemEntry entry) => new DirectoryEntry(entry.FileName.ToString(), KindOf(ref entry)),
            Options);

    private static DirectoryEntryKind KindOf(ref FileSystemEntry entry) =>
        (entry.Attributes & FileAttributes.ReparsePoint) != 0 ? DirectoryEntryKind.SymbolicLink
        : entry.IsDirectory ? DirectoryEntryKind.Directory
        : DirectoryEntryKind.File;
}
