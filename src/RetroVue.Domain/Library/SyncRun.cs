using RetroVue.Domain.Common;

namespace RetroVue.Domain.Library;

/// <summary>How much of a source a sync lists.</summary>
public enum SyncMode
{
    /// <summary>Everything: the only kind of listing that may retire files that are gone.</summary>
    Full = 0,

    /// <summary>Only what changed since the last successful sync: fast, but proves nothing about deletions.</summary>
    Delta = 1,
}

public enum SyncTrigger
{
    /// <summary>An operator asked for it (retrovue ingest, retrovue source sync).</summary>
    Manual = 0,

    /// <summary>The source's sync interval came round.</summary>
    Scheduled = 1,
}

public enum SyncOutcome
{
    Running = 0,
    Succeeded = 1,

    /// <summary>Finished, but the listing failed somewhere: what was listed was written, nothing was retired.</summary>
    Incomplete = 2,

    Failed = 3,
    Cancelled = 4,
}

/// <summary>The counts a finished sync reports.</summary>
public readonly record struct SyncCounts(int FilesFound, int Added, int Updated, int Unchanged, int Retired, int Probed, int ProbeFailures, int SentToReview);

/// <summary>One sync (ingest) of one source: when it ran, how it ended and what it did. Kept as history.</summary>
public sealed class SyncRun
{
    private SyncRun()
    {
    }

    public SyncRun(Guid sourceId, SyncMode mode, SyncTrigger trigger, DateTimeOffset startedAt)
    {
        Id = Guid.NewGuid();
        SourceId = sourceId;
        Mode = mode;
        Trigger = trigger;
        StartedAt = startedAt;
        Outcome = SyncOutcome.Running;
    }

    public Guid Id { get; private set; }
    public Guid SourceId { get; private set; }
    public SyncMode Mode { get; private set; }
    public SyncTrigger Trigger { get; private set; }
    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }
    public SyncOutcome Outcome { get; private set; }
    public int FilesFound { get; private set; }
    public int Added { get; private set; }
    public int Updated { get; private set; }
    public int Unchanged { get; private set; }
    public int Retired { get; private set; }
    public int Probed { get; private set; }
    public int ProbeFailures { get; private set; }
    public int SentToReview { get; private set; }
    public string? Error { get; private set; }

    /// <summary>Where the next delta sync starts, as the importer wrote it; set only by a successful run.</summary>
    public string? Cursor { get; private set; }

    public void Finish(SyncOutcome outcome, SyncMode mode, SyncCounts counts, string? cursor, string? error, DateTimeOffset now)
    {
        if (Outcome != SyncOutcome.Running)
        {
            throw new DomainException($"Sync run {Id} has finished already.");
        }

        if (outcome == SyncOutcome.Running)
        {
            throw new DomainException("A sync run cannot finish as running.");
        }

        Outcome = outcome;
        Mode = mode;
        FilesFound = counts.FilesFound;
        Added = counts.Added;
        Updated = counts.Updated;
        Unchanged = counts.Unchanged;
        Retired = counts.Retired;
        Probed = counts.Probed;
        ProbeFailures = counts.ProbeFailures;
        SentToReview = counts.SentToReview;
        Cursor = outcome == SyncOutcome.Succeeded ? cursor : null;
        Error = error is { Length: > 2000 } ? error[..2000] : error;
        FinishedAt = now;
    }
}
