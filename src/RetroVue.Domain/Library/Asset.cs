using RetroVue.Domain.Common;

namespace RetroVue.Domain.Library;

/// <summary>One playable file, identified within its source by its canonical path.</summary>
public sealed class Asset
{
    private readonly List<MediaStream> _streams = [];

    private Asset()
    {
        CanonicalPath = string.Empty;
    }

    public Asset(Guid sourceId, string canonicalPath, FileFingerprint fingerprint, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(canonicalPath))
        {
            throw new DomainException("An asset needs a path.");
        }

        Id = Guid.NewGuid();
        SourceId = sourceId;
        CanonicalPath = canonicalPath;
        SizeBytes = fingerprint.SizeBytes;
        ModifiedAt = fingerprint.ModifiedAt;
        State = AssetState.New;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid SourceId { get; private set; }

    /// <summary>The file's full path on this machine, after symlinks and path mappings are resolved.</summary>
    public string CanonicalPath { get; private set; }

    /// <summary>The show or movie this file belongs to, once known.</summary>
    public Guid? TitleId { get; private set; }

    public long SizeBytes { get; private set; }
    public DateTimeOffset ModifiedAt { get; private set; }
    public string? Container { get; private set; }
    public TimeSpan? Duration { get; private set; }
    public long? BitRate { get; private set; }
    public IReadOnlyList<MediaStream> Streams => _streams;
    public ProbeStatus ProbeStatus { get; private set; }
    public string? ProbeError { get; private set; }
    public DateTimeOffset? ProbedAt { get; private set; }
    public AssetState State { get; private set; }
    public DateTimeOffset? RetiredAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public FileFingerprint Fingerprint => new(SizeBytes, ModifiedAt);

    public bool NeedsProbe => State != AssetState.Retired && ProbeStatus == ProbeStatus.NotProbed;

    public void AssignTitle(Guid titleId, DateTimeOffset now)
    {
        if (TitleId == titleId)
        {
            return;
        }

        TitleId = titleId;
        UpdatedAt = now;
    }

    /// <summary>The file was seen again. A changed fingerprint throws away what was probed; a retired file comes back.</summary>
    /// <returns>True when anything changed.</returns>
    public bool Observe(FileFingerprint fingerprint, DateTimeOffset now)
    {
        var changed = false;
        if (fingerprint != Fingerprint)
        {
            SizeBytes = fingerprint.SizeBytes;
            ModifiedAt = fingerprint.ModifiedAt;
            ProbeStatus = ProbeStatus.NotProbed;
            ProbeError = null;
            State = AssetState.New;
            changed = true;
        }

        if (State == AssetState.Retired)
        {
            State = ProbeStatus == ProbeStatus.Succeeded ? AssetState.Ready : AssetState.New;
            RetiredAt = null;
            changed = true;
        }

        if (changed)
        {
            UpdatedAt = now;
        }

        return changed;
    }

    public void BeginEnrichment(DateTimeOffset now)
    {
        if (State == AssetState.Retired)
        {
            throw new DomainException($"Asset '{CanonicalPath}' is retired and cannot be enriched.");
        }

        State = AssetState.Enriching;
        UpdatedAt = now;
    }

    public void CompleteProbe(ProbeResult result, DateTimeOffset now)
    {
        Container = result.Container;
        Duration = result.Duration;
        BitRate = result.BitRate;
        _streams.Clear();
        _streams.AddRange(result.Streams);
        ProbeStatus = ProbeStatus.Succeeded;
        ProbeError = null;
        ProbedAt = now;
        State = AssetState.Ready;
        UpdatedAt = now;
    }

    public void FailProbe(string error, DateTimeOffset now)
    {
        ProbeStatus = ProbeStatus.Failed;
        ProbeError = error.Length > 2000 ? error[..2000] : error;
        ProbedAt = now;
        State = AssetState.Ready;
        UpdatedAt = now;
    }

    /// <summary>The file is gone from its source. It is kept with its history, never deleted.</summary>
    public void Retire(DateTimeOffset now)
    {
        if (State == AssetState.Retired)
        {
            return;
        }

        State = AssetState.Retired;
        RetiredAt = now;
        UpdatedAt = now;
    }

    /// <summary>A file that probed fine, has video and a duration: the scheduler may play it.</summary>
    public bool IsPlayable =>
        State == AssetState.Ready
        && ProbeStatus == ProbeStatus.Succeeded
        && Duration is { } d && d > TimeSpan.Zero
        && _streams.Any(s => s.Kind == StreamKind.Video);
}
