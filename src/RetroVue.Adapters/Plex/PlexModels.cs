using System.Text.Json.Serialization;

namespace RetroVue.Adapters.Plex;

// The shapes of Plex's JSON answers, limited to the fields RetroVue reads. Every field is optional:
// Plex omits what it does not know, and numbers may arrive as strings (see PlexJsonConverters).
// Property names are matched case-sensitively because Plex uses "guid" and "Guid" side by side.

public sealed class PlexResponse<T>
    where T : class
{
    [JsonPropertyName("MediaContainer")]
    public T? MediaContainer { get; init; }
}

public sealed class PlexIdentity
{
    [JsonPropertyName("machineIdentifier")]
    public string? MachineIdentifier { get; init; }

    [JsonPropertyName("version")]
    public string? Version { get; init; }

    [JsonPropertyName("claimed")]
    public bool? Claimed { get; init; }
}

public sealed class PlexSectionList
{
    [JsonPropertyName("Directory")]
    public List<PlexSection>? Directory { get; init; }
}

/// <summary>A library section: "movie", "show", "artist" or "photo".</summary>
public sealed class PlexSection
{
    [JsonPropertyName("key")]
    public string? Key { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("title")]
    public string? Title { get; init; }

    [JsonPropertyName("agent")]
    public string? Agent { get; init; }

    [JsonPropertyName("uuid")]
    public string? Uuid { get; init; }

    [JsonPropertyName("updatedAt")]
    public long? UpdatedAt { get; init; }

    [JsonPropertyName("scannedAt")]
    public long? ScannedAt { get; init; }

    [JsonPropertyName("contentChangedAt")]
    public long? ContentChangedAt { get; init; }

    [JsonPropertyName("Location")]
    public List<PlexLocation>? Location { get; init; }
}

public sealed class PlexLocation
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("path")]
    public string? Path { get; init; }
}

/// <summary>One page of a listing; the container may hoist fields its items share.</summary>
public sealed class PlexMetadataPage
{
    [JsonPropertyName("size")]
    public int? Size { get; init; }

    [JsonPropertyName("totalSize")]
    public int? TotalSize { get; init; }

    [JsonPropertyName("offset")]
    public int? Offset { get; init; }

    [JsonPropertyName("librarySectionID")]
    public string? LibrarySectionId { get; init; }

    [JsonPropertyName("grandparentRatingKey")]
    public string? GrandparentRatingKey { get; init; }

    [JsonPropertyName("grandparentTitle")]
    public string? GrandparentTitle { get; init; }

    [JsonPropertyName("parentRatingKey")]
    public string? ParentRatingKey { get; init; }

    [JsonPropertyName("parentIndex")]
    public int? ParentIndex { get; init; }

    [JsonPropertyName("grandparentThumb")]
    public string? GrandparentThumb { get; init; }

    [JsonPropertyName("Metadata")]
    public List<PlexMetadata>? Metadata { get; init; }
}

/// <summary>A movie, show, season or episode.</summary>
public sealed class PlexMetadata
{
    [JsonPropertyName("ratingKey")]
    public string? RatingKey { get; init; }

    [JsonPropertyName("key")]
    public string? Key { get; init; }

    [JsonPropertyName("guid")]
    public string? Guid { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("title")]
    public string? Title { get; init; }

    [JsonPropertyName("summary")]
    public string? Summary { get; init; }

    [JsonPropertyName("contentRating")]
    public string? ContentRating { get; init; }

    [JsonPropertyName("year")]
    public int? Year { get; init; }

    [JsonPropertyName("index")]
    public int? Index { get; init; }

    [JsonPropertyName("parentIndex")]
    public int? ParentIndex { get; set; }

    [JsonPropertyName("parentRatingKey")]
    public string? ParentRatingKey { get; set; }

    [JsonPropertyName("grandparentRatingKey")]
    public string? GrandparentRatingKey { get; set; }

    [JsonPropertyName("grandparentTitle")]
    public string? GrandparentTitle { get; set; }

    [JsonPropertyName("grandparentGuid")]
    public string? GrandparentGuid { get; init; }

    /// <summary>The item's own picture: a movie's or show's poster, an episode's still ("/library/metadata/{id}/thumb/{stamp}").</summary>
    [JsonPropertyName("thumb")]
    public string? Thumb { get; init; }

    /// <summary>An episode's show poster, for when the show listing lacks it.</summary>
    [JsonPropertyName("grandparentThumb")]
    public string? GrandparentThumb { get; set; }

    [JsonPropertyName("librarySectionID")]
    public string? LibrarySectionId { get; set; }

    [JsonPropertyName("duration")]
    public long? Duration { get; init; }

    [JsonPropertyName("originallyAvailableAt")]
    public string? OriginallyAvailableAt { get; init; }

    [JsonPropertyName("addedAt")]
    public long? AddedAt { get; init; }

    [JsonPropertyName("updatedAt")]
    public long? UpdatedAt { get; init; }

    [JsonPropertyName("Guid")]
    public List<PlexGuidRef>? Guids { get; init; }

    [JsonPropertyName("Media")]
    public List<PlexMedia>? Media { get; init; }

    /// <summary>Set ("media", "agent", ...) when Plex knows chapters for the item; listings carry it, the chapters come only with details.</summary>
    [JsonPropertyName("chapterSource")]
    public string? ChapterSource { get; init; }

    /// <summary>Only in a detail answer asked with includeChapters=1.</summary>
    [JsonPropertyName("Chapter")]
    public List<PlexChapter>? Chapters { get; init; }

    /// <summary>Intro and credits spans: only in a detail answer asked with includeMarkers=1.</summary>
    [JsonPropertyName("Marker")]
    public List<PlexMarker>? Markers { get; init; }

    /// <summary>Genres of a movie or show; a section listing carries only the first few, a detail answer all.</summary>
    [JsonPropertyName("Genre")]
    public List<PlexTag>? Genres { get; init; }

    /// <summary>The Plex collections the item is in.</summary>
    [JsonPropertyName("Collection")]
    public List<PlexTag>? Collections { get; init; }

    /// <summary>Free labels an operator gave the item in Plex.</summary>
    [JsonPropertyName("Label")]
    public List<PlexTag>? Labels { get; init; }

    [JsonPropertyName("studio")]
    public string? Studio { get; init; }

    /// <summary>The critics' score, 0-10 (Rotten Tomatoes, TMDB...); some agents put other numbers here.</summary>
    [JsonPropertyName("rating")]
    public double? Rating { get; init; }

    /// <summary>The audience's score, 0-10.</summary>
    [JsonPropertyName("audienceRating")]
    public double? AudienceRating { get; init; }
}

/// <summary>One entry of a Genre, Collection or Label array: its text is in "tag".</summary>
public sealed class PlexTag
{
    [JsonPropertyName("tag")]
    public string? Tag { get; init; }
}

/// <summary>One chapter of an item; offsets in milliseconds from the start of the item.</summary>
public sealed class PlexChapter
{
    [JsonPropertyName("index")]
    public int? Index { get; init; }

    [JsonPropertyName("startTimeOffset")]
    public long? StartTimeOffset { get; init; }

    [JsonPropertyName("endTimeOffset")]
    public long? EndTimeOffset { get; init; }

    [JsonPropertyName("tag")]
    public string? Tag { get; init; }
}

/// <summary>A span Plex detected in an episode: "intro" or "credits" (others exist); offsets in milliseconds.</summary>
public sealed class PlexMarker
{
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("startTimeOffset")]
    public long? StartTimeOffset { get; init; }

    [JsonPropertyName("endTimeOffset")]
    public long? EndTimeOffset { get; init; }
}

public sealed class PlexGuidRef
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }
}

/// <summary>One version of an item; several versions of one movie are several Media.</summary>
public sealed class PlexMedia
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("duration")]
    public long? Duration { get; init; }

    /// <summary>Kilobits per second.</summary>
    [JsonPropertyName("bitrate")]
    public long? Bitrate { get; init; }

    [JsonPropertyName("width")]
    public int? Width { get; init; }

    [JsonPropertyName("height")]
    public int? Height { get; init; }

    [JsonPropertyName("audioChannels")]
    public int? AudioChannels { get; init; }

    [JsonPropertyName("audioCodec")]
    public string? AudioCodec { get; init; }

    [JsonPropertyName("videoCodec")]
    public string? VideoCodec { get; init; }

    [JsonPropertyName("videoProfile")]
    public string? VideoProfile { get; init; }

    [JsonPropertyName("videoResolution")]
    public string? VideoResolution { get; init; }

    [JsonPropertyName("videoFrameRate")]
    public string? VideoFrameRate { get; init; }

    [JsonPropertyName("container")]
    public string? Container { get; init; }

    [JsonPropertyName("Part")]
    public List<PlexPart>? Part { get; init; }
}

/// <summary>One file of a version; a version split over several files has several parts.</summary>
public sealed class PlexPart
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>The streaming path on the server ("/library/parts/{id}/{stamp}/file.mkv").</summary>
    [JsonPropertyName("key")]
    public string? Key { get; init; }

    /// <summary>The path on the Plex server's machine, maybe a Windows path.</summary>
    [JsonPropertyName("file")]
    public string? File { get; init; }

    [JsonPropertyName("size")]
    public long? Size { get; init; }

    [JsonPropertyName("duration")]
    public long? Duration { get; init; }

    [JsonPropertyName("container")]
    public string? Container { get; init; }
}
