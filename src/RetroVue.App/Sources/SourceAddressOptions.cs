namespace RetroVue.App.Sources;

/// <summary>The address policy's one setting (configuration section "Sources").</summary>
public sealed class SourceAddressOptions
{
    public const string SectionName = "Sources";

    /// <summary>
    /// Lets a source point at this machine (127.0.0.1, ::1, localhost): off by default, so that an API key cannot be used
    /// to reach services that listen only locally. Turn it on when Plex runs on the same machine as RetroVue.
    /// </summary>
    public bool AllowLoopback { get; set; }
}
