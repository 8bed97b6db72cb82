using RetroVue.Domain.Library;
using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Streaming;

/// <summary>How an item reaches the channel's stream.</summary>
public enum EncodeMode
{
    /// <summary>Decode and re-encode to the channel profile.</summary>
    Transcode = 0,

    /// <summary>Remux the file's own H.264/AAC streams untouched.</summary>
    Copy = 1,
}

/// <summary>
/// Decides from the prober's stream facts whether a file can be copied into a channel's stream.
/// Every item on a channel must share codec, size, frame rate and audio layout, or players glitch at the seams.
/// </summary>
public static class CopyCompatibility
{
    public const int ChannelSampleRate = 48_000;
    public const int ChannelAudioChannels = 2;

    public static EncodeMode Choose(StreamingProfile profile, IReadOnlyList<MediaStream> streams) =>
        profile.Transcode == TranscodeMode.Auto && Mismatch(profile, streams) is null ? EncodeMode.Copy : EncodeMode.Transcode;

    /// <summary>Why the file must be transcoded for this profile, or null when it can be copied as it is.</summary>
    public static string? Mismatch(StreamingProfile profile, IReadOnlyList<MediaStream> streams)
    {
        var video = streams.FirstOrDefault(s => s.Kind == StreamKind.Video);
        var audio = streams.FirstOrDefault(s => s.Kind == StreamKind.Audio);
        if (video is null)
        {
            return "no video stream is known";
        }

        if (!string.Equals(video.Codec, "h264", StringComparison.OrdinalIgnoreCase))
        {
            return $"video codec {video.Codec ?? "unknown"} is not h264";
        }

        if (video.Width != profile.Width || video.Height != profile.Height)
        {
            return $"video is {video.Width}x{video.Height}, the channel {profile.Width}x{profile.Height}";
        }

        if (video.FrameRate is not { } rate || Math.Abs(rate - profile.FrameRate) > 0.01)
        {
            return $"video runs at {video.FrameRate?.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) ?? "an unknown rate"} fps, the channel at {profile.FrameRate:0.###}";
        }

        if (video.PixelFormat is { } format && !string.Equals(format, "yuv420p", StringComparison.OrdinalIgnoreCase))
        {
            return $"pixel format {format} is not yuv420p";
        }

        if (video.FieldOrder is { } order && !string.Equals(order, "progressive", StringComparison.OrdinalIgnoreCase))
        {
            return $"video is interlaced ({order})";
        }

        if (audio is null)
        {
            return "no audio stream is known";
        }

        if (!string.Equals(audio.Codec, "aac", StringComparison.OrdinalIgnoreCase))
        {
            return $"audio codec {audio.Codec ?? "unknown"} is not aac";
        }

        if (audio.Channels != ChannelAudioChannels || audio.SampleRate != ChannelSampleRate)
        {
            return $"audio has {audio.Channels} channels at {audio.SampleRate} Hz, the channel stereo at {ChannelSampleRate} Hz";
        }

        return null;
    }
}
