namespace RetroVue.App.Ingest;

public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>How many files are probed at once. Default (or 0): the number of cores.</summary>
    public int ProbeParallelism { get; set; } = Environment.ProcessorCount;

    public int EffectiveProbeParallelism => ProbeParallelism > 0 ? ProbeParallelism : Environment.ProcessorCount;

    /// <summary>How long one file may take to probe before it is given up as hanging.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many files are written per transaction.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>Which enricher reads files.</summary>
    public string Enricher { get; set; } = "ffprobe";

    /// <summary>
    /// How old the last successful full sync of a source may be before an automatic (scheduled) sync lists everything
    /// again instead of a delta: deltas never see deletions, so a full reconcile has to come round regularly.
    /// </summary>
    public TimeSpan FullReconcileInterval { get; set; } = TimeSpan.FromHours(24);
}
