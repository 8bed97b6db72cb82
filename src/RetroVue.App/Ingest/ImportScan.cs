using System.Collections.Concurrent;

namespace RetroVue.App.Ingest;

/// <summary>A problem found while scanning that did not stop the scan (an unreadable folder, a vanished file).</summary>
public sealed record ImportProblem(string Path, string Message);

/// <summary>
/// What an importer reports beside the files it yields. Paths under an incomplete prefix were not
/// fully listed, so their absence proves nothing: the reconcile never retires them.
/// </summary>
public sealed class ImportScan
{
    private readonly ConcurrentQueue<ImportProblem> _problems = new();
    private readonly ConcurrentBag<string> _incompletePrefixes = [];
    private int _filesSeen;

    public IReadOnlyCollection<ImportProblem> Problems => _problems;
    public IReadOnlyCollection<string> IncompletePrefixes => _incompletePrefixes;
    public int FilesSeen => Volatile.Read(ref _filesSeen);

    /// <summary>Set when the listing failed as a whole; nothing is retired then.</summary>
    public bool ListingFailed { get; private set; }

    public void ReportProblem(string path, string message) => _problems.Enqueue(new ImportProblem(path, message));

    public void MarkIncomplete(string pathPrefix, string why)
    {
        _incompletePrefixes.Add(pathPrefix);
        ReportProblem(pathPrefix, why);
    }

    public void MarkListingFailed(string why)
    {
        ListingFailed = true;
        ReportProblem(string.Empty, why);
    }

    public void CountFileSeen() => Interlocked.Increment(ref _filesSeen);

    public bool MayRetire(string canonicalPath) =>
        !ListingFailed && !_incompletePrefixes.Any(prefix => IsUnder(canonicalPath, prefix));

    private static bool IsUnder(string path, string prefix) =>
        path.Equals(prefix, StringComparison.Ordinal)
        || (path.StartsWith(prefix, StringComparison.Ordinal)
            && (prefix.EndsWith('/') || path.Length > prefix.Length && path[prefix.Length] == '/'));
}
