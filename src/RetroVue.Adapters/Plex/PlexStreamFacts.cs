using System.Globalization;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Plex;

/// <summary>
/// Stream facts from a listing's Media/Part attributes, so no probe is needed for files Plex has analysed.
/// Plex reports one video and one audio summary per version; the detail endpoint's Stream[] is not fetched.
/// </summary>
public static class PlexStreamFacts
{
    /// <summary>Null when Plex knows neither a duration nor a video codec: the local prober has to read the file.</summary>
    public static ProbeResult? For(PlexMedia media, PlexPart part, int partCount)
    {
        // A version split over several files reports its total duration; a part's own is on the part.
        var durationMs = part.Duration ?? (partCount == 1 ? media.Duration : null);
        if (durationMs is not > 0 && media.VideoCodec is null)
        {
            return null;
        }

        var streams = new List<MediaStream>(2);
        if (media.VideoCodec is { } videoCodec)
        {
            streams.Add(new MediaStream
            {
                Index = streams.Count,
                Kind = StreamKind.Video,
                Codec = Codec(videoCodec),
                Profile = media.VideoProfile,
                Width = media.Width,
                Height = media.Height,
                FrameRate = FrameRate(media.VideoFrameRate),
                IsDefault = true,
            });
        }

        if (media.AudioCodec is { } audioCodec)
        {
            streams.Add(new MediaStream
            {
                Index = streams.Count,
                Kind = StreamKind.Audio,
                Codec = Codec(audioCodec),
                Channels = media.AudioChannels,
                IsDefault = true,
            });
        }

        return new ProbeResult
        {
            Container = part.Container ?? media.Container,
            Duration = durationMs is > 0 ? TimeSpan.FromMilliseconds(durationMs.Value) : null,
            BitRate = media.Bitrate is > 0 ? media.Bitrate * 1000 : null,
            Streams = streams,
        };
    }

    /// <summary>
    /// Plex names rates by their video standard: "24p" covers film at 23.976 (the common case) and 24,
    /// "NTSC" is 29.97, "PAL" 25. The NTSC family (24, 30, 60) is taken as its 1000/1001 rate; a plain
    /// number ("23.976") is used as written.
    /// </summary>
    public static double? FrameRate(string? videoFrameRate)
    {
        if (string.IsNullOrWhiteSpace(videoFrameRate))
        {
            return null;
        }

        var text = videoFrameRate.Trim();
        if (text.Equals("NTSC", StringComparison.OrdinalIgnoreCase))
        {
            return 30000d / 1001;
        }

        if (text.Equals("PAL", StringComparison.OrdinalIgnoreCase))
        {
            return 25;
        }

        var numeric = text.TrimEnd('p', 'P', 'i', 'I');
        if (!double.TryParse(numeric, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || rate <= 0 || rate > 1000)
        {
            return null;
        }

        return numeric.Contains('.', StringComparison.Ordinal) || rate is not (24 or 30 or 60) ? rate : rate * 1000 / 1001;
    }

    /// <summary>Plex's codec names, spelled as ffprobe spells them where they differ.</summary>
    public static string Codec(string plexCodec) => plexCodec.ToLowerInvariant() switch
    {
        "dca" => "dts",
        "mpeg2" => "mpeg2video",
        var other => other,
    };
}
