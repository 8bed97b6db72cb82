namespace RetroVue.Adapters.Streaming.Tuner;

/// <summary>What the tuner says about itself over SSDP, shared by the M-SEARCH replies and the NOTIFY announcements.</summary>
public static class SsdpAdvertisement
{
    public const string RootDevice = "upnp:rootdevice";
    public const string MediaServer = "urn:schemas-upnp-org:device:MediaServer:1";
    public const string Server = "Linux/1.0 UPnP/1.0 RetroVue/1.0";

    /// <summary>How long control points may remember the tuner without hearing from it again.</summary>
    public const int MaxAgeSeconds = 1800;

    public static string Uuid(string deviceId) => $"uuid:{deviceId}";

    /// <summary>Every notification/search type the tuner is: the root device, the device itself and its device type.</summary>
    public static IReadOnlyList<string> Types(string uuid) => [RootDevice, uuid, MediaServer];

    public static string Usn(string type, string uuid) => type == uuid ? uuid : $"{uuid}::{type}";

    public static string Location(string baseUrl) => $"{baseUrl}/device.xml";
}
