using System.Globalization;

namespace RetroVue.Adapters.Streaming.Ffmpeg;

/// <summary>One typed piece of an ffmpeg command line; steps are appended in order.</summary>
public interface IFfmpegStep
{
    void AppendTo(List<string> arguments);
}

internal static class FfmpegText
{
    public static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Seconds to the microsecond, for cuts that must land on an exact frame of a 90 kHz clock.</summary>
    public static string PreciseSeconds(double seconds) => seconds.ToString("0.######", CultureInfo.InvariantCulture);

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>NTSC rates as exact fractions (29.97 -> 30000/1001), others as plain numbers.</summary>
    public static string Rate(double frameRate)
    {
        var ntscBase = Math.Round(frameRate * 1.001);
        if (Math.Abs(frameRate - ntscBase / 1.001) < 0.005 && Math.Abs(frameRate - ntscBase) > 0.005)
        {
            return $"{ntscBase * 1000:0}/1001";
        }

        return frameRate.ToString("0.###", CultureInfo.InvariantCulture);
    }

    /// <summary>Frames in a closed GOP of the given length, at least one.</summary>
    public static int GopFrames(double frameRate, TimeSpan gop) => Math.Max(1, (int)Math.Round(frameRate * gop.TotalSeconds));
}

/// <summary>Quiet, non-interactive ffmpeg: errors only on stderr; stdin is left alone only when it carries the input.</summary>
public sealed record QuietRun(bool InputOnStdin = false) : IFfmpegStep
{
    public void AppendTo(List<string> arguments)
    {
        if (!InputOnStdin)
        {
            arguments.Add("-nostdin");
        }

        arguments.AddRange(["-hide_banner", "-nostats", "-loglevel", "error"]);
    }
}

/// <summary>
/// A media file read from <see cref="Seek"/>: one input carries audio and video, so both are seeked together
/// and stay in sync. Broken packets are dropped rather than ending the item.
/// </summary>
public sealed record FileInput(string Path, TimeSpan Seek) : IFfmpegStep
{
    public void AppendTo(List<string> arguments)
    {
        arguments.AddRange(["-fflags", "+genpts+discardcorrupt"]);
        if (Seek > TimeSpan.Zero)
        {
            arguments.AddRange(["-ss", FfmpegText.Seconds(Seek)]);
        }

        // "file:" keeps a name that looks like a protocol ("http:x.mkv") or an option ("-x.mkv") a plain file.
        arguments.AddRange(["-i", "file:" + Path]);
    }
}

/// <summary>
/// The channel's own MPEG-TS fed on stdin, its timestamps kept as they are (<c>-copyts</c>) so that what comes out
/// is already on the channel clock. The head is probed from a small window: the data is there at once.
/// </summary>
public sealed record ChannelStreamOnStdin : IFfmpegStep
{
    public void AppendTo(List<string> arguments) => arguments.AddRange([
        "-f", "mpegts", "-probesize", "262144", "-analyzeduration", "500000", "-copyts", "-i", "pipe:0",
    ]);
}

/// <summary>
/// Re-encoded pictures keep their input timestamps to the tick: no frame dropped or duplicated for a constant rate,
/// and the encoder counts in the input's 90 kHz time base rather than snapping to a 1/fps grid of its own.
/// </summary>
public sealed record KeepInputFrameTimes : IFfmpegStep
{
    public void AppendTo(List<string> arguments) => arguments.AddRange(["-fps_mode:v", "passthrough", "-enc_time_base:v", "-1"]);
}

/// <summary>Audio in the channel's format, on the input's own clock (nothing trimmed or shifted).</summary>
public sealed record AudioOnInputClock : IFfmpegStep
{
    public void AppendTo(List<string> arguments) =>
        arguments.AddRange(["-af", $"aresample={App.Streaming.CopyCompatibility.ChannelSampleRate},aformat=channel_layouts=stereo"]);
}

/// <summary>Drops audio before an instant of the input's own clock (seconds), to the sample.</summary>
public sealed record AudioTrimmedFrom(double Seconds) : IFfmpegStep
{
    public void AppendTo(List<string> arguments) =>
        arguments.AddRange(["-af", $"atrim=start={FfmpegText.PreciseSeconds(Seconds)},aresample={App.Streaming.CopyCompatibility.ChannelSampleRate},aformat=channel_layouts=stereo"]);
}

/// <summary>
/// A media file read over HTTP from RetroVue's loopback relay (a remote file): seeks become range requests. Only the
/// http and tcp protocols are allowed, so nothing in the answer can make ffmpeg open anything else.
/// </summary>
public sealed record RelayInput(Uri Url, TimeSpan Seek) : IFfmpegStep
{
    public void AppendTo(List<string> arguments)
    {
        arguments.AddRange(["-fflags", "+genpts+discardcorrupt"]);
        if (Seek > TimeSpan.Zero)
        {
            arguments.AddRange(["-ss", FfmpegText.Seconds(Seek)]);
        }

        arguments.AddRange(["-protocol_whitelist", "http,tcp", "-i", Url.AbsoluteUri]);
    }
}

/// <summary>A generated input from a libavfilter source graph (test pattern, colour, silence).</summary>
public sealed record LavfiInput(string Graph) : IFfmpegStep
{
    public void AppendTo(List<string> arguments) => arguments.AddRange(["-f", "lavfi", "-i", Graph]);

    public static LavfiInput Colour(string colour, int width, int height, double frameRate) =>
        new($"color=c={colour}:s={width}x{height}:r={FfmpegText.Rate(frameRate)}");

    public static LavfiInput Silence() =>
        new($"anullsrc=channel_layout=stereo:sample_rate={App.Streaming.CopyCompatibility.ChannelSampleRate}");
}

/// <summary>Selects an input stream for the output ("0:v:0"); a trailing '?' makes it optional.</summary>
public sealed record MapStream(string Specifier) : IFfmpegStep
{
    public void AppendTo(List<string> arguments) => arguments.AddRange(["-map", Specifier]);
}

/// <summary>Output duration: ffmpeg stops after this much output.</summary>
public sealed record OutputDuration(TimeSpan Duration) : IFfmpegStep
{
    public void AppendTo(List<string> arguments) => arguments.AddRange(["-t", FfmpegText.Seconds(Duration)]);
}

/// <summary>Only audio and video go out: subtitles and data streams would need PIDs the channel does not have.</summary>
public sealed record DropSubtitlesAndData : IFfmpegStep
{
    public void AppendTo(List<string> arguments) => arguments.AddRange(["-sn", "-dn"]);
}

/// <summary>One video filter of a chain.</summary>
public abstract record VideoFilter
{
    public abstract string Render();

    /// <summary>Fits the picture inside the frame without distortion.</summary>
    public sealed record ScaleToFit(int Width, int Height) : VideoFilter
    {
        public override string Render() => $"scale={Width}:{Height}:force_original_aspect_ratio=decrease";
    }

    /// <summary>Centres the fitted picture on black bars (letterbox or pillarbox).</summary>
    public sealed record PadCentred(int Width, int Height) : VideoFilter
    {
        public override string Render() => $"pad={Width}:{Height}:(ow-iw)/2:(oh-ih)/2";
    }

    public sealed record SquarePixels : VideoFilter
    {
        public override string Render() => "setsar=1";
    }

    public sealed record FixedRate(double FrameRate) : VideoFilter
    {
        public override string Render() => $"fps={FfmpegText.Rate(FrameRate)}";
    }

    /// <summary>Drops every frame before an instant of the input's own clock (seconds).</summary>
    public sealed record TrimmedFrom(double Seconds) : VideoFilter
    {
        public override string Render() => $"trim=start={FfmpegText.PreciseSeconds(Seconds)}";
    }

    public sealed record PixelFormat(string Format) : VideoFilter
    {
        public override string Render() => $"format={Format}";
    }

    /// <summary>
    /// Centred text. The text must already be free of filtergraph specials (see <see cref="SlateText"/>),
    /// because escaping through two parser levels is error-prone.
    /// </summary>
    public sealed record CentredText(string Text, int FontSize, string YExpression) : VideoFilter
    {
        public override string Render() =>
            $"drawtext=text={Text}:fontcolor=white:fontsize={FfmpegText.Number(FontSize)}:x=(w-text_w)/2:y={YExpression}:expansion=none";
    }
}

public sealed record VideoFilterChain(IReadOnlyList<VideoFilter> Filters) : IFfmpegStep
{
    public void AppendTo(List<string> arguments) => arguments.AddRange(["-vf", string.Join(',', Filters.Select(f => f.Render()))]);
}

/// <summary>
/// Audio normalized to the channel: 48 kHz stereo, resampled with async so audio is padded or trimmed to stay on the
/// video's clock, starting at zero like the video.
/// </summary>
public sealed record AudioNormalization : IFfmpegStep
{
    public void AppendTo(List<string> arguments) =>
        arguments.AddRange(["-af", $"aresample={App.Streaming.CopyCompatibility.ChannelSampleRate}:async=1:first_pts=0,aformat=channel_layouts=stereo"]);
}

/// <summary>
/// H.264 with a fixed, closed GOP and no scene-cut keyframes, so every item has the same keyframe rhythm. No B-frames:
/// without a reorder delay each item's first frame can follow the previous item's last frame exactly.
/// </summary>
public sealed record X264Encode(string Preset, string? Tune, int BitRateKbps, int GopFrames) : IFfmpegStep
{
    public void AppendTo(List<string> arguments)
    {
        var gop = FfmpegText.Number(GopFrames);
        var rate = FfmpegText.Number(BitRateKbps);
        arguments.AddRange(["-c:v", "libx264", "-preset", Preset]);
        if (!string.IsNullOrWhiteSpace(Tune))
        {
            arguments.AddRange(["-tune", Tune]);
        }

        arguments.AddRange([
            "-profile:v", "high", "-pix_fmt", "yuv420p",
            "-b:v", $"{rate}k", "-maxrate", $"{rate}k", "-bufsize", $"{FfmpegText.Number(BitRateKbps * 2)}k",
            "-g", gop, "-keyint_min", gop, "-sc_threshold", "0", "-flags", "+cgop", "-bf", "0",
        ]);
    }
}

public sealed record AacEncode(int BitRateKbps) : IFfmpegStep
{
    public void AppendTo(List<string> arguments) => arguments.AddRange([
        "-c:a", "aac", "-b:a", $"{FfmpegText.Number(BitRateKbps)}k",
        "-ar", FfmpegText.Number(App.Streaming.CopyCompatibility.ChannelSampleRate), "-ac", FfmpegText.Number(App.Streaming.CopyCompatibility.ChannelAudioChannels),
    ]);
}

/// <summary>The file's own streams, untouched.</summary>
public sealed record StreamCopy : IFfmpegStep
{
    public void AppendTo(List<string> arguments) => arguments.AddRange(["-c", "copy"]);
}

/// <summary>
/// MPEG-TS on stdout, clock starting at zero (no 1.4 s mux delay), one PES per audio frame so every audio
/// timestamp is exact; RetroVue's muxer rewrites the rest.
/// </summary>
public sealed record MpegTsToStdout : IFfmpegStep
{
    public void AppendTo(List<string> arguments) =>
        arguments.AddRange(["-f", "mpegts", "-muxdelay", "0", "-muxpreload", "0", "-pes_payload_size", "0", "pipe:1"]);
}

/// <summary>A complete ffmpeg command as typed steps; <see cref="Arguments"/> renders them.</summary>
public sealed record FfmpegCommand(IReadOnlyList<IFfmpegStep> Steps)
{
    public IReadOnlyList<string> Arguments
    {
        get
        {
            var arguments = new List<string>();
            foreach (var step in Steps)
            {
                step.AppendTo(arguments);
            }

            return arguments;
        }
    }

    public override string ToString() => string.Join(' ', Arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));
}
