using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Jellyfin;

/// <summary>
/// What differs between Jellyfin and Emby, which share one API heritage: the name shown to operators, how the API key
/// travels (Jellyfin documents the Authorization header, Emby the X-Emby-Token header), the provider names its ids are
/// stored under, and whether the server has media segments (intro/credits spans: Jellyfin 10.10 and later only).
/// </summary>
public sealed record JellyfinFlavor(SourceKind Kind, string DisplayName, string ItemProvider, string MediaSourceProvider, bool HasMediaSegments, string UriScheme)
{
    public static JellyfinFlavor Jellyfin { get; } = new(SourceKind.Jellyfin, "Jellyfin", Providers.JellyfinItem, Providers.JellyfinMediaSource, true, "jellyfin");

    public static JellyfinFlavor Emby { get; } = new(SourceKind.Emby, "Emby", Providers.EmbyItem, Providers.EmbyMediaSource, false, "emby");

    /// <summary>The request headers that carry the key; never logged, never put in a URL.</summary>
    public IReadOnlyDictionary<string, string> AuthHeaders(string apiKey, string deviceId, string version) =>
        Kind == SourceKind.Jellyfin
            ? new Dictionary<string, string>
            {
                ["Authorization"] = $"MediaBrowser Client=\"RetroVue\", Device=\"RetroVue\", DeviceId=\"{deviceId}\", Version=\"{version}\", Token=\"{apiKey}\"",
            }
            : new Dictionary<string, string> { ["X-Emby-Token"] = apiKey };

    /// <summary>The names of every header that may carry a key, for log redaction.</summary>
    public static IReadOnlyList<string> SecretHeaders { get; } = ["Authorization", "X-Emby-Token", "X-MediaBrowser-Token"];

    public static JellyfinFlavor For(SourceKind kind) => kind switch
    {
        SourceKind.Jellyfin => Jellyfin,
        SourceKind.Emby => Emby,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a Jellyfin or Emby source"),
    };
}
