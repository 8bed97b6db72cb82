namespace RetroVue.Adapters.Jellyfin;

/// <summary>How RetroVue talks to Jellyfin and Emby servers (configuration section "Jellyfin"; it applies to Emby too).</summary>
public sealed class JellyfinOptions
{
    public const string SectionName = "Jellyfin";

    /// <summary>Items asked for per listing page.</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>A listing stops with an error after this many pages, so a misbehaving server cannot loop it forever.</summary>
    public int MaxPages { get; set; } = 10_000;

    /// <summary>One attempt (send, read and parse one response) may take this long.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt for transient failures (5xx, timeouts, refused connections).</summary>
    public int MaxRetries { get; set; } = 3;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A response larger than this is refused, so one runaway page cannot exhaust memory.</summary>
    public long MaxResponseBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>This installation's device id in the Authorization header; derived from the machine name when unset.</summary>
    public string? DeviceId { get; set; }

    internal int EffectivePageSize => Math.Clamp(PageSize, 1, 10_000);
}
