namespace RetroVue.Adapters.Streaming.Tuner;

/// <summary>The emulated HDHomeRun tuner (configuration section "Tuner").</summary>
public sealed class TunerOptions
{
    public const string SectionName = "Tuner";

    public string FriendlyName { get; set; } = "RetroVue";

    /// <summary>How many streams clients may open at once (Plex schedules recordings by it).</summary>
    public int TunerCount { get; set; } = 4;

    /// <summary>Answer SSDP discovery (UDP 1900) so Plex finds the tuner by itself; false also stops the NOTIFY announcements.</summary>
    public bool SsdpEnabled { get; set; } = true;

    /// <summary>Address the SSDP socket binds; empty means all interfaces with the SSDP multicast group joined.</summary>
    public string? SsdpBindAddress { get; set; }

    /// <summary>UDP port of the SSDP socket; 0 picks a free one (tests).</summary>
    public int SsdpPort { get; set; } = 1900;

    /// <summary>Announce the tuner (SSDP NOTIFY ssdp:alive, periodically, and ssdp:byebye on shutdown).</summary>
    public bool SsdpNotifyEnabled { get; set; } = true;

    /// <summary>Where the NOTIFY announcements go, as address:port; the SSDP multicast group unless a test points it elsewhere.</summary>
    public string SsdpNotifyDestination { get; set; } = "239.255.255.250:1900";

    /// <summary>Answer the HDHomeRun UDP discovery protocol (Jellyfin's "detect", HDHomeRun apps).</summary>
    public bool HdHomeRunDiscoveryEnabled { get; set; } = true;

    /// <summary>Address the HDHomeRun discovery socket binds; empty means all interfaces (broadcasts included).</summary>
    public string? HdHomeRunDiscoveryBindAddress { get; set; }

    /// <summary>UDP port of the HDHomeRun discovery socket; 0 picks a free one (tests).</summary>
    public int HdHomeRunDiscoveryPort { get; set; } = 65001;

    /// <summary>
    /// The address clients reach RetroVue at, for SSDP's LOCATION and the HDHomeRun discovery base URL
    /// (e.g. http://192.168.1.5:8080); empty means the local address facing the client, with the HTTP port
    /// RetroVue listens on.
    /// </summary>
    public string? AdvertisedBaseUrl { get; set; }
}
