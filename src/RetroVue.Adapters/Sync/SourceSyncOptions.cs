namespace RetroVue.Adapters.Sync;

/// <summary>The server's background jobs: scheduled syncs, sync now and the timeline extension (configuration section "Sync").</summary>
public sealed class SourceSyncOptions
{
    public const string SectionName = "Sync";

    /// <summary>Off: this server runs no background jobs (run syncs with 'retrovue source sync' or 'retrovue ingest'; sync now runs inline).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the server compares the schedules with the sources, picking up sources added, removed or changed meanwhile.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many jobs this node runs at once (syncs of different sources, the timeline extension).</summary>
    public int WorkerCount { get; set; } = 4;

    /// <summary>How often an idle node looks for queued jobs and for recurring or retried jobs that fell due.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);
}
