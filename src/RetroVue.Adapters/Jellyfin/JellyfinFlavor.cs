using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Jellyfin;

/// <summary>
/// What differs between Jellyfin and Emby, which share one API heritage: the name shown to operators, how the API key
/// travels (Jellyfin documents the Authorization header, Emby the X-Emby-Token header), the provider names its ids are
/// stored under, and where intro/credits spans come from: Jellyfin 10.10 and later serve media segments (one request per
/// item), Emby marks chapters (IntroStart, IntroEnd, CreditsStart) that come with the listing itself.
/// </summary>
public sealed record JellyfinFlavor(SourceKind Kind, string DisplayName, string ItemProvider, string MediaSourceProvider, bool HasMediaSegments, bool HasChapterMarkers, string UriScheme)
{
    public static JellyfinFlavor Jellyfin { get; } = new(SourceKind.Jellyfin, "Jellyfin", Providers.JellyfinItem, Providers.JellyfinMediaSource, HasMediaSegments: true, HasChapterMarkers: false, "jellyfin");

    public static JellyfinFlavor Emby { get; } = new(SourceKind.Emby, "Emby", Providers.EmbyItem, Providers.EmbyMediaSource, HasMediaSegments: false, HasChapterMarkers: true, "emby");

    /// <summary>The item fields a listing asks for: the common ones, plus the chapters where they carry intro and credits marks.</summary>
    public string ListedFields => HasChapterMarkers ? JellyfinClient.ListedFields + ",Chapters" : JellyfinClient.ListedFields;

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
