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

    public Asset(Guid sourceId, string canonicalPath, FileFingerprint fingerprint, DateTimeOffset now, string? sourceFingerprint = null)
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
        SourceFingerprint = sourceFingerprint;
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

    /// <summary>
    /// What a rich source (Plex) says about this file's current state, as an opaque digest; null for plain folders.
    /// Equal digests on a later sync mean nothing to write.
    /// </summary>
    public string? SourceFingerprint { get; private set; }

    /// <summary>The source's own streaming path (Plex: "/library/parts/..."); the server adds its credentials when it plays it.</summary>
    public string? StreamKey { get; private set; }

    /// <summary>False when the file cannot be opened on this machine: it is never probed here and plays through its source.</summary>
    public bool LocallyReachable { get; private set; } = true;

    public FileFingerprint Fingerprint => new(SizeBytes, ModifiedAt);

    public bool NeedsProbe => State != AssetState.Retired && ProbeStatus == ProbeStatus.NotProbed && LocallyReachable;

    public void AssignTitle(Guid titleId, DateTimeOffset now)
    {
        if (TitleId == titleId)
        {
            return;
        }

        TitleId = titleId;
        UpdatedAt = now;
    }

    /// <summary>
    /// The file was seen again. A changed fingerprint (or source fingerprint, when the source gives one) throws away
    /// what was probed; a retired file comes back.
    /// </summary>
    /// <returns>True when anything changed.</returns>
    public bool Observe(FileFingerprint fingerprint, DateTimeOffset now, string? sourceFingerprint = null)
    {
        var changed = false;
        if (fingerprint != Fingerprint || (sourceFingerprint is not null && sourceFingerprint != SourceFingerprint))
        {
            SizeBytes = fingerprint.SizeBytes;
            ModifiedAt = fingerprint.ModifiedAt;
            SourceFingerprint = sourceFingerprint ?? SourceFingerprint;
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

    /// <summary>Where the file can be played from: on this machine, or only through its source's stream key.</summary>
    /// <returns>True when anything changed.</returns>
    public bool Locate(bool locallyReachable, string? streamKey, DateTimeOffset now)
    {
        if (LocallyReachable == locallyReachable && StreamKey == streamKey)
        {
            return false;
        }

        LocallyReachable = locallyReachable;
        StreamKey = streamKey;
        UpdatedAt = now;
        return true;
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

    /// <summary>
    /// A file that probed fine (or whose source supplied the facts), has video and a duration, and can be opened here
    /// or streamed from its source: the scheduler may play it.
    /// </summary>
    public bool IsPlayable =>
        State == AssetState.Ready
        && (LocallyReachable || StreamKey is not null)
        && ProbeStatus == ProbeStatus.Succeeded
        && Duration is { } d && d > TimeSpan.Zero
        && _streams.Any(s => s.Kind == StreamKind.Video);
}
