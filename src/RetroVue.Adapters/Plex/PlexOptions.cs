namespace RetroVue.Adapters.Plex;

/// <summary>How RetroVue talks to Plex servers (configuration section "Plex").</summary>
public sealed class PlexOptions
{
    public const string SectionName = "Plex";

    /// <summary>
    /// This installation's stable id (X-Plex-Client-Identifier). Plex lists every new id as a new device,
    /// so the host should persist one per installation and put it here. Without it, an id derived from
    /// the machine name is used: stable on one machine, but shared by two installations on the same host.
    /// </summary>
    public string? ClientIdentifier { get; set; }

    public string Product { get; set; } = "RetroVue";

    public string Version { get; set; } = typeof(PlexOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Items asked for per listing page. Plex handles hundreds per page easily; 10 per page is what makes peers slow.</summary>
    public int PageSize { get; set; } = 200;

    /// <summary>A listing stops with an error after this many pages, so a misbehaving server cannot loop it forever.</summary>
    public int MaxPages { get; set; } = 10_000;

    /// <summary>One attempt (send, read and parse one response) may take this long.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt for transient failures (5xx, timeouts, refused connections).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry waits about this long; each further retry doubles it (with jitter).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A response larger than this is refused, so one runaway page cannot exhaust memory.</summary>
    public long MaxResponseBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Detail requests (the chapters and intro/credits markers of a new or changed item) in flight at once, so a first
    /// sync of a large library neither crawls nor floods the server.
    /// </summary>
    public int DetailParallelism { get; set; } = 4;

    /// <summary>
    /// After this many detail requests in a row have failed (each after its retries), a sync asks for no more: the rest of
    /// its items are imported without chapters and asked for on the next sync, so a server that has stopped answering
    /// cannot hold a sync for hours.
    /// </summary>
    public int DetailFailureLimit { get; set; } = 10;

    internal const int MinimumPageSize = 100;

    internal int EffectiveDetailParallelism => Math.Clamp(DetailParallelism, 1, 64);

    internal int EffectiveDetailFailureLimit => Math.Max(1, DetailFailureLimit);

    internal int EffectivePageSize => Math.Max(MinimumPageSize, PageSize);
}
