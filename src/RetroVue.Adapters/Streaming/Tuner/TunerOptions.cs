namespace RetroVue.Adapters.Streaming.Tuner;

/// <summary>The emulated HDHomeRun tuner (configuration section "Tuner").</summary>
public sealed class TunerOptions
{
    public const string SectionName = "Tuner";

    public string FriendlyName { get; set; } = "RetroVue";

    /// <summary>How many streams clients may open at once (Plex schedules recordings by it).</summary>
    public int TunerCount { get; set; } = 4;

    /// <summary>Answer SSDP discovery (UDP 1900) so Plex finds the tuner by itself.</summary>
    public bool SsdpEnabled { get; set; } = true;

    /// <summary>Address the SSDP socket binds; empty means all interfaces with the SSDP multicast group joined.</summary>
    public string? SsdpBindAddress { get; set; }

    /// <summary>UDP port of the SSDP socket; 0 picks a free one (tests).</summary>
    public int SsdpPort { get; set; } = 1900;

    /// <summary>
    /// The address clients reach RetroVue at, for SSDP's LOCATION (e.g. http://192.168.1.5:8080); empty means
    /// the local address facing the asking client, with the HTTP port RetroVue listens on.
    /// </summary>
    public string? AdvertisedBaseUrl { get; set; }
}
