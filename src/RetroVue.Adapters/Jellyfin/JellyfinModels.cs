using System.Text.Json.Serialization;

namespace RetroVue.Adapters.Jellyfin;

// The shapes of the Jellyfin/Emby REST API that RetroVue reads (PascalCase JSON, as both servers write it).
// Everything is optional: a server version that leaves a field out must not fail a sync.

/// <summary>GET /System/Info/Public: who the server is; answers without a key.</summary>
public sealed class JellyfinSystemInfo
{
    public string? Id { get; set; }
    public string? ServerName { get; set; }
    public string? Version { get; set; }
    public string? ProductName { get; set; }
}

/// <summary>One entry of GET /Library/VirtualFolders: a library, its folders and content type.</summary>
public sealed class JellyfinLibrary
{
    public string? Name { get; set; }
    public string? ItemId { get; set; }
    public string? CollectionType { get; set; }
    public List<string>? Locations { get; set; }
}

/// <summary>GET /Items: one page of a listing and how many there are in all.</summary>
public sealed class JellyfinItemPage
{
    public List<JellyfinItem>? Items { get; set; }
    public int? TotalRecordCount { get; set; }
    public int? StartIndex { get; set; }
}

public sealed class JellyfinNameId
{
    public string? Name { get; set; }
    public string? Id { get; set; }
}

/// <summary>A BaseItemDto: a series, season, episode or movie with the fields RetroVue asks for.</summary>
public sealed class JellyfinItem
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Type { get; set; }
    public string? Path { get; set; }
    public string? Overview { get; set; }
    public string? OfficialRating { get; set; }
    public double? CommunityRating { get; set; }
    public int? ProductionYear { get; set; }
    public DateTimeOffset? PremiereDate { get; set; }
    public DateTimeOffset? DateCreated { get; set; }
    public DateTimeOffset? DateLastSaved { get; set; }
    public long? RunTimeTicks { get; set; }
    public string? Container { get; set; }
    public string? SeriesId { get; set; }
    public string? SeriesName { get; set; }
    public string? SeasonId { get; set; }
    public int? ParentIndexNumber { get; set; }
    public int? IndexNumber { get; set; }
    public int? IndexNumberEnd { get; set; }
    public string? SeriesPrimaryImageTag { get; set; }
    public Dictionary<string, string?>? ImageTags { get; set; }
    public Dictionary<string, string?>? ProviderIds { get; set; }
    public List<string>? Genres { get; set; }
    public List<string>? Tags { get; set; }
    public List<JellyfinNameId>? Studios { get; set; }
    public List<JellyfinMediaSource>? MediaSources { get; set; }
    public List<JellyfinMediaStream>? MediaStreams { get; set; }

    /// <summary>Emby only (asked for with Fields=Chapters): chapter starts, some marked as intro or credits.</summary>
    public List<JellyfinChapter>? Chapters { get; set; }
}

/// <summary>An Emby chapter: where it starts and what it marks ("Chapter", "IntroStart", "IntroEnd", "CreditsStart").</summary>
public sealed class JellyfinChapter
{
    public long? StartPositionTicks { get; set; }
    public string? Name { get; set; }
    public string? MarkerType { get; set; }
}

/// <summary>One file (version) of an item.</summary>
public sealed class JellyfinMediaSource
{
    public string? Id { get; set; }
    public string? Path { get; set; }
    public string? Protocol { get; set; }
    public string? Container { get; set; }
    public long? Size { get; set; }
    public long? Bitrate { get; set; }
    public long? RunTimeTicks { get; set; }
    public List<JellyfinMediaStream>? MediaStreams { get; set; }
}

public sealed class JellyfinMediaStream
{
    public string? Type { get; set; }
    public string? Codec { get; set; }
    public string? Profile { get; set; }
    public string? Language { get; set; }
    public int? Index { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    public int? Channels { get; set; }
    public long? BitRate { get; set; }
    public double? RealFrameRate { get; set; }
    public double? AverageFrameRate { get; set; }
    public bool? IsDefault { get; set; }
}

/// <summary>GET /MediaSegments/{itemId} (Jellyfin 10.10+): typed spans of an item, in ticks of 100 ns.</summary>
public sealed class JellyfinSegmentPage
{
    public List<JellyfinSegment>? Items { get; set; }
}

public sealed class JellyfinSegment
{
    public string? Type { get; set; }
    public long? StartTicks { get; set; }
    public long? EndTicks { get; set; }
}

[JsonSerializable(typeof(JellyfinSystemInfo))]
[JsonSerializable(typeof(List<JellyfinLibrary>))]
[JsonSerializable(typeof(JellyfinItemPage))]
[JsonSerializable(typeof(JellyfinSegmentPage))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class JellyfinJsonContext : JsonSerializerContext;
