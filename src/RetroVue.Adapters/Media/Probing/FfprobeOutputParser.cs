using System.Globalization;
using System.Text.Json;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Media.Probing;

/// <summary>
/// Turns the JSON of <c>ffprobe -show_format -show_streams -show_chapters -of json</c> into a <see cref="ProbeResult"/>.
/// ffprobe writes most numbers as strings ("12.345"), omits what it does not know and writes "N/A" for
/// some unknowns, so every field is optional and read in the invariant culture.
/// The duration recorded is the one that plays (see <see cref="PlayedDuration"/>), not only the container's.
/// </summary>
public static class FfprobeOutputParser
{
    /// <summary>About 31 years: anything longer is a broken header, not a recording.</summary>
    private const double MaxSeconds = 1e9;

    /// <summary>Parses ffprobe's JSON; throws <see cref="FormatException"/> when the text is not ffprobe JSON.</summary>
    public static ProbeResult Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"ffprobe printed something that is not JSON ({e.Message})", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"ffprobe printed a JSON {root.ValueKind.ToString().ToLowerInvariant()} instead of an object");
            }

            var format = Child(root, "format");
            var streams = Items(root, "streams").Select(ParseStream).ToList();
            return new ProbeResult
            {
                Container = format is { } f ? Text(f, "format_name") : null,
                Duration = PlayedDuration(root, format),
                BitRate = format is { } fb ? Integer(fb, "bit_rate") : null,
                Streams = streams,
                Chapters = Items(root, "chapters").Select(ParseChapter).OfType<MarkerFact>().ToList(),
            };
        }
    }

    /// <summary>"30000/1001" -> 29.97 (rounded to 3 decimals); "0/0", "25/0" and garbage -> null.</summary>
    public static double? ParseRational(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return ParseDouble(text) is { } plain && plain > 0 ? Math.Round(plain, 3) : null;
        }

        if (ParseDouble(text[..slash]) is not { } numerator || ParseDouble(text[(slash + 1)..]) is not { } denominator
            || denominator == 0 || numerator <= 0)
        {
            return null;
        }

        return Math.Round(numerator / denominator, 3);
    }

    private static MediaStream ParseStream(JsonElement stream)
    {
        var kind = KindOf(stream);
        var isVideo = kind == StreamKind.Video;
        return new MediaStream
        {
            Index = (int)(Integer(stream, "index") ?? 0),
            Kind = kind,
            Codec = Text(stream, "codec_name"),
            Profile = Text(stream, "profile"),
            Width = isVideo ? PositiveInt(stream, "width") : null,
            Height = isVideo ? PositiveInt(stream, "height") : null,
            FrameRate = isVideo ? ParseRational(Text(stream, "avg_frame_rate")) ?? ParseRational(Text(stream, "r_frame_rate")) : null,
            PixelFormat = Text(stream, "pix_fmt"),
            FieldOrder = Text(stream, "field_order"),
            Channels = PositiveInt(stream, "channels"),
            SampleRate = PositiveInt(stream, "sample_rate"),
            Language = Language(stream),
            IsDefault = Child(stream, "disposition") is { } disposition && Integer(disposition, "default") == 1,
            BitRate = Integer(stream, "bit_rate"),
        };
    }

    private static StreamKind KindOf(JsonElement stream) => Text(stream, "codec_type") switch
    {
        // Cover art is stored as a one-frame "video" stream; counting it as video would make a song look like a show.
        "video" when Child(stream, "disposition") is { } d && Integer(d, "attached_pic") == 1 => StreamKind.Attachment,
        "video" => StreamKind.Video,
        "audio" => StreamKind.Audio,
        "subtitle" => StreamKind.Subtitle,
        "attachment" => StreamKind.Attachment,
        _ => StreamKind.Data,
    };

    private static MarkerFact? ParseChapter(JsonElement chapter)
    {
        if (Seconds(chapter, "start_time") is not { } start)
        {
            return null;
        }

        var end = Seconds(chapter, "end_time");
        return new MarkerFact(MarkerKind.Chapter, start, end > start ? end : null, Tag(chapter, "title"));
    }

    private static string? Language(JsonElement stream) =>
        Tag(stream, "language") is { } language && !language.Equals("und", StringComparison.OrdinalIgnoreCase)
            ? language
            : null; // "und" is ISO 639's "undetermined": it says no more than a missing tag.

    /// <summary>
    /// How long the file plays on a channel: the first video stream's own span when ffprobe knows it, else the
    /// container's duration, else the longest stream's. A channel's picture is its clock: audio that runs past the
    /// last frame is cut at the item's end, and audio that stops before it leaves silence under the picture, so the
    /// video span is what fills the slot. The container's duration is the end of whichever stream ends last, plus
    /// its start offset (an mkv with 30.000 s of video reads 30.021 s), so it would overstate the slot.
    /// </summary>
    private static TimeSpan? PlayedDuration(JsonElement root, JsonElement? format)
    {
        var video = Items(root, "streams").FirstOrDefault(s => KindOf(s) == StreamKind.Video);
        if (video.ValueKind == JsonValueKind.Object && StreamSpan(video) is { } span && span > TimeSpan.Zero)
        {
            return span;
        }

        return (format is { } f ? Seconds(f, "duration") : null) ?? LongestStreamDuration(root);
    }

    /// <summary>
    /// A stream's span: its "duration" field (MP4, MPEG-TS), or Matroska's DURATION tag, which is the stream's end
    /// timestamp and so has the stream's start time taken off.
    /// </summary>
    private static TimeSpan? StreamSpan(JsonElement stream)
    {
        if (Seconds(stream, "duration") is { } duration)
        {
            return duration;
        }

        if (Tag(stream, "DURATION") is not { } tag || !TimeSpan.TryParse(TrimToTicks(tag), CultureInfo.InvariantCulture, out var end))
        {
            return null;
        }

        var start = Seconds(stream, "start_time") ?? TimeSpan.Zero;
        return end > start ? end - start : null;
    }

    /// <summary>Matroska writes nanoseconds ("00:00:30.021000000"); TimeSpan reads at most seven fraction digits.</summary>
    private static string TrimToTicks(string text)
    {
        var dot = text.LastIndexOf('.');
        return dot >= 0 && text.Length - dot - 1 > 7 ? text[..(dot + 8)] : text;
    }

    private static TimeSpan? LongestStreamDuration(JsonElement root) =>
        Items(root, "streams").Select(s => Seconds(s, "duration")).Max();

    private static string? Tag(JsonElement element, string name)
    {
        if (Child(element, "tags") is not { } tags)
        {
            return null;
        }

        // Matroska writes tag names in upper case (LANGUAGE, TITLE) where MP4 writes lower case.
        foreach (var property in tags.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
            {
                var value = property.Value.GetString();
                return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
            }
        }

        return null;
    }

    private static IEnumerable<JsonElement> Items(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.Object)
            : [];

    private static JsonElement? Child(JsonElement element, string name) =>
        element.TryGetProperty(name, out var child) && child.ValueKind == JsonValueKind.Object ? child : null;

    private static string? Text(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) || text is "N/A" or "unknown" ? null : text;
    }

    private static long? Integer(JsonElement element, string name) =>
        Text(element, name) is { } text && ParseDouble(text) is { } number && number is >= long.MinValue and <= long.MaxValue
            ? (long)number
            : null;

    private static int? PositiveInt(JsonElement element, string name) =>
        Integer(element, name) is { } number && number is > 0 and <= int.MaxValue ? (int)number : null;

    private static TimeSpan? Seconds(JsonElement element, string name) =>
        Text(element, name) is { } text && ParseDouble(text) is { } seconds && seconds is >= 0 and < MaxSeconds
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private static double? ParseDouble(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;
}
