namespace RetroVue.Adapters.Sync;

/// <summary>The server's scheduled syncs (configuration section "Sync").</summary>
public sealed class SourceSyncOptions
{
    public const string SectionName = "Sync";

    /// <summary>Off: the server schedules no syncs (run them with 'retrovue source sync' or 'retrovue ingest').</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the server compares the schedules with the sources, picking up sources added, removed or changed meanwhile.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long after a source is first scheduled its first sync runs.</summary>
    public TimeSpan FirstRunDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often each node tells the cluster it is alive; a node silent for longer has its running syncs recovered by another.</summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(15);
}
