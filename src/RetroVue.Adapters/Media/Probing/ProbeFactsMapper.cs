using System.Globalization;
using FFMpegCore;
using RetroVue.Domain.Library;
using DomainStream = RetroVue.Domain.Library.MediaStream;

namespace RetroVue.Adapters.Media.Probing;

/// <summary>
/// Turns FFMpegCore's ffprobe analysis into RetroVue's probe facts. FFMpegCore's typed streams give codecs, sizes,
/// frame rates and durations; what it does not model (stream titles, the forced flag, cover art, data and attachment
/// streams, whether a duration came from Matroska's DURATION tag) is read from its raw analysis of the same output.
/// The duration recorded is the one that plays (see <see cref="PlayedDuration"/>), not FFMpegCore's longest stream.
/// </summary>
public static class ProbeFactsMapper
{
    /// <summary>About 31 years: anything longer is a broken header, not a recording.</summary>
    private static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(1e9);

    public static ProbeResult Map(IMediaAnalysis analysis)
    {
        var typed = analysis.VideoStreams.Cast<FFMpegCore.MediaStream>()
            .Concat(analysis.AudioStreams)
            .Concat(analysis.SubtitleStreams)
            .GroupBy(s => s.Index)
            .ToDictionary(g => g.Key, g => g.First());
        var streams = analysis.Raw.Streams.Select(raw => MapStream(raw, typed.GetValueOrDefault(raw.Index))).ToList();
        return new ProbeResult
        {
            Container = Text(analysis.Format.FormatName),
            Duration = PlayedDuration(analysis, typed),
            BitRate = analysis.Format.BitRate is > 0 ? analysis.Format.BitRate : null,
            Streams = streams,
            Chapters = Chapters(analysis),
        };
    }

    /// <summary>A frame rate from FFMpegCore's quotient: 29.97002997 -> 29.97; "0/0" (NaN) and nonsense -> null.</summary>
    public static double? FrameRate(double rate) => double.IsFinite(rate) && rate > 0 ? Math.Round(rate, 3) : null;

    private static DomainStream MapStream(FFProbeStream raw, FFMpegCore.MediaStream? typed)
    {
        var kind = KindOf(raw);
        var video = kind == StreamKind.Video ? typed as VideoStream : null;
        var audio = typed as AudioStream;
        var tags = raw.Tags;
        return new DomainStream
        {
            Index = raw.Index,
            Kind = kind,
            Codec = Text(raw.CodecName),
            Profile = Text(raw.Profile),
            Width = video?.Width is > 0 ? video.Width : null,
            Height = video?.Height is > 0 ? video.Height : null,
            FrameRate = video is null ? null : FrameRate(video.AverageFrameRate) ?? FrameRate(video.RealFrameRate),
            PixelFormat = Text(raw.PixelFormat),
            FieldOrder = Text(raw.FieldOrder),
            Channels = raw.Channels is > 0 ? raw.Channels : null,
            SampleRate = audio?.SampleRateHz is > 0 ? audio.SampleRateHz : null,
            Language = Language(typed?.Language ?? Tag(tags, "language")),
            Title = Tag(tags, "title"),
            IsDefault = Flag(raw, "default"),
            IsForced = Flag(raw, "forced"),
            BitRate = typed?.BitRate ?? WholeNumber(raw.BitRate),
        };
    }

    private static StreamKind KindOf(FFProbeStream stream) => stream.CodecType switch
    {
        // Cover art is stored as a one-frame "video" stream; counting it as video would make a song look like a show.
        "video" when Flag(stream, "attached_pic") => StreamKind.Attachment,
        "video" => StreamKind.Video,
        "audio" => StreamKind.Audio,
        "subtitle" => StreamKind.Subtitle,
        "attachment" => StreamKind.Attachment,
        _ => StreamKind.Data,
    };

    /// <summary>
    /// How long the file plays on a channel: the first video stream's own span when ffprobe knows it, else the
    /// container's duration, else the longest stream's. A channel's picture is its clock: audio that runs past the
    /// last frame is cut at the item's end, and audio that stops before it leaves silence under the picture, so the
    /// video span is what fills the slot. The container's duration is the end of whichever stream ends last, plus
    /// its start offset (an mkv with 30.000 s of video reads 30.021 s), so it would overstate the slot.
    /// </summary>
    private static TimeSpan? PlayedDuration(IMediaAnalysis analysis, IReadOnlyDictionary<int, FFMpegCore.MediaStream> typed)
    {
        var firstVideo = analysis.Raw.Streams.FirstOrDefault(s => KindOf(s) == StreamKind.Video);
        if (firstVideo is not null && typed.GetValueOrDefault(firstVideo.Index) is { } video && StreamSpan(firstVideo, video) is { } span)
        {
            return span;
        }

        return Usable(analysis.Format.Duration)
            ?? typed.Values.Select(s => Usable(s.Duration)).Where(d => d is not null).Max();
    }

    /// <summary>
    /// A stream's span. FFMpegCore reads the stream's "duration" field (MP4, MPEG-TS) or, when there is none, Matroska's
    /// DURATION tag; that tag is the stream's end timestamp, so then the stream's start time is taken off.
    /// </summary>
    private static TimeSpan? StreamSpan(FFProbeStream raw, FFMpegCore.MediaStream stream)
    {
        var fromTag = string.IsNullOrEmpty(raw.Duration);
        var span = fromTag ? stream.Duration - stream.StartTime : stream.Duration;
        return Usable(span);
    }

    private static IReadOnlyList<MarkerFact> Chapters(IMediaAnalysis analysis)
    {
        var chapters = new List<MarkerFact>();
        for (var i = 0; i < analysis.Chapters.Count && i < analysis.Raw.Chapters.Count; i++)
        {
            // FFMpegCore reads a missing start as zero; a chapter that does not say where it starts is no marker.
            if (string.IsNullOrEmpty(analysis.Raw.Chapters[i].StartTime))
            {
                continue;
            }

            var chapter = analysis.Chapters[i];
            var end = chapter.End > chapter.Start ? chapter.End : (TimeSpan?)null;
            chapters.Add(new MarkerFact(MarkerKind.Chapter, chapter.Start, end, Text(chapter.Title)));
        }

        return chapters;
    }

    private static bool Flag(FFProbeStream stream, string name) =>
        stream.Disposition is { } disposition && disposition.TryGetValue(name, out var value) && value == 1;

    /// <summary>"und" is ISO 639's "undetermined": it says no more than a missing tag.</summary>
    private static string? Language(string? language) =>
        Text(language) is { } text && !text.Equals("und", StringComparison.OrdinalIgnoreCase) ? text : null;

    /// <summary>A tag by name in any case: Matroska writes LANGUAGE and TITLE where MP4 writes lower case.</summary>
    private static string? Tag(IReadOnlyDictionary<string, string>? tags, string name) =>
        tags?.FirstOrDefault(tag => tag.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value is { } value ? Text(value) : null;

    private static TimeSpan? Usable(TimeSpan duration) => duration > TimeSpan.Zero && duration < MaxDuration ? duration : null;

    private static long? WholeNumber(string? text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : null;

    private static string? Text(string? text) =>
        string.IsNullOrWhiteSpace(text) || text is "N/A" or "unknown" ? null : text.Trim();
}
