using System.Collections.Concurrent;

namespace RetroVue.App.Ingest;

/// <summary>A problem found while scanning that did not stop the scan (an unreadable folder, a vanished file).</summary>
public sealed record ImportProblem(string Path, string Message);

/// <summary>
/// What an importer reports beside the files it yields. Paths under an incomplete prefix were not
/// fully listed, so their absence proves nothing: the reconcile never retires them. A listing the importer
/// marks partial (a delta of changes only) or failed retires nothing at all.
/// </summary>
public sealed class ImportScan
{
    public ImportScan()
    {
    }

    /// <param name="requestedMode">Delta asks the importer to list only what changed since <paramref name="previousCursor"/>.</param>
    /// <param name="previousCursor">The cursor the last successful sync of this source left; null when there is none.</param>
    public ImportScan(Domain.Library.SyncMode requestedMode, string? previousCursor)
    {
        RequestedMode = requestedMode;
        PreviousCursor = previousCursor;
    }

    private readonly ConcurrentQueue<ImportProblem> _problems = new();
    private readonly ConcurrentBag<string> _incompletePrefixes = [];
    private int _filesSeen;
    private IReadOnlyDictionary<string, string> _knownSourceFingerprints = new Dictionary<string, string>();

    public IReadOnlyCollection<ImportProblem> Problems => _problems;
    public IReadOnlyCollection<string> IncompletePrefixes => _incompletePrefixes;
    public int FilesSeen => Volatile.Read(ref _filesSeen);

    /// <summary>Set when the listing failed as a whole; nothing is retired then.</summary>
    public bool ListingFailed { get; private set; }

    /// <summary>Why the listing failed first, for the sync's history.</summary>
    public string? ListingFailure { get; private set; }

    /// <summary>
    /// Set by an importer that listed only part of the source on purpose (a delta of what changed): the absence of
    /// an item proves nothing, so nothing is retired. An importer that cannot list deltas lists everything and leaves it unset.
    /// </summary>
    public bool IsPartialListing { get; private set; }

    /// <summary>What the caller asked for; importers without delta support ignore it and list everything.</summary>
    public Domain.Library.SyncMode RequestedMode { get; } = Domain.Library.SyncMode.Full;

    /// <summary>The importer's own resume point from the last successful sync (opaque to everything else).</summary>
    public string? PreviousCursor { get; }

    /// <summary>The resume point for the next delta, kept only if this sync succeeds.</summary>
    public string? NextCursor { get; private set; }

    /// <summary>
    /// The source fingerprint the catalog held for this path when the sync started; null for a file it does not know
    /// (or that has none). Lets an importer skip costly per-item work (a detail request) for items that did not change.
    /// </summary>
    public string? KnownSourceFingerprint(string canonicalPath) => _knownSourceFingerprints.GetValueOrDefault(canonicalPath);

    /// <summary>Set once by the ingest before discovery starts; read-only afterwards.</summary>
    public void UseKnownSourceFingerprints(IReadOnlyDictionary<string, string> fingerprints) => _knownSourceFingerprints = fingerprints;

    public void MarkPartialListing() => IsPartialListing = true;

    public void SetNextCursor(string cursor) => NextCursor = cursor;

    public void ReportProblem(string path, string message) => _problems.Enqueue(new ImportProblem(path, message));

    public void MarkIncomplete(string pathPrefix, string why)
    {
        _incompletePrefixes.Add(pathPrefix);
        ReportProblem(pathPrefix, why);
    }

    public void MarkListingFailed(string why)
    {
        ListingFailure ??= why;
        ListingFailed = true;
        ReportProblem(string.Empty, why);
    }

    public void CountFileSeen() => Interlocked.Increment(ref _filesSeen);

    public bool MayRetire(string canonicalPath) =>
        !ListingFailed && !IsPartialListing && !_incompletePrefixes.Any(prefix => IsUnder(canonicalPath, prefix));

    private static bool IsUnder(string path, string prefix) =>
        path.Equals(prefix, StringComparison.Ordinal)
        || (path.StartsWith(prefix, StringComparison.Ordinal)
            && (prefix.EndsWith('/') || path.Length > prefix.Length && path[prefix.Length] == '/'));
}
