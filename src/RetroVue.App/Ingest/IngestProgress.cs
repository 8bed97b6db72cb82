namespace RetroVue.App.Ingest;

public enum IngestPhase
{
    Scanning,
    Reconciling,
    Probing,
    Done,
}

/// <summary>A snapshot of a running ingest, for a live display.</summary>
public sealed record IngestProgress(
    string Source,
    IngestPhase Phase,
    int FilesFound,
    int ToProbe,
    int Probed,
    int Failed,
    TimeSpan Elapsed)
{
    /// <summary>Files probed per second so far in the probing phase.</summary>
    public double ProbeRate(TimeSpan probingElapsed) =>
        probingElapsed.TotalSeconds > 0.05 ? (Probed + Failed) / probingElapsed.TotalSeconds : 0;
}

/// <summary>What one ingest of one source did.</summary>
public sealed record IngestSummary
{
    public required string Source { get; init; }

    /// <summary>Full, or delta when the importer listed only what changed (nothing is retired then).</summary>
    public Domain.Library.SyncMode Mode { get; init; }

    /// <summary>Succeeded, or incomplete when the listing failed somewhere (what was listed is kept, nothing retired).</summary>
    public Domain.Library.SyncOutcome Outcome { get; init; } = Domain.Library.SyncOutcome.Succeeded;

    public int FilesFound { get; init; }
    public int Added { get; init; }
    public int Updated { get; init; }
    public int Unchanged { get; init; }
    public int Retired { get; init; }
    public int Probed { get; init; }
    public int ProbeFailures { get; init; }
    public int SentToReview { get; init; }
    public IReadOnlyList<ImportProblem> Problems { get; init; } = [];
    public TimeSpan Elapsed { get; init; }
}
