namespace RetroVue.Domain.Library;

public enum StreamKind
{
    Video = 0,
    Audio = 1,
    Subtitle = 2,
    Data = 3,
    Attachment = 4,
}

/// <summary>Facts about one elementary stream of a file, as a prober found them.</summary>
public sealed record MediaStream
{
    public required int Index { get; init; }
    public required StreamKind Kind { get; init; }
    public string? Codec { get; init; }
    public string? Profile { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public double? FrameRate { get; init; }
    public string? PixelFormat { get; init; }
    public string? FieldOrder { get; init; }
    public int? Channels { get; init; }
    public int? SampleRate { get; init; }
    public string? Language { get; init; }

    /// <summary>The stream's own name ("Director's commentary", "Signs and songs"), when the file gives one.</summary>
    public string? Title { get; init; }

    public bool IsDefault { get; init; }

    /// <summary>A subtitle meant to be shown even when subtitles are off (foreign-language lines, signs).</summary>
    public bool IsForced { get; init; }

    public long? BitRate { get; init; }
}
