using System.Text;
using RetroVue.App.Streaming;
using RetroVue.Domain.Library;
using RetroVue.Domain.Scheduling;

namespace RetroVue.Adapters.Streaming.Ffmpeg;

/// <summary>
/// How transcoded items are encoded (configuration "Streaming"). The zerolatency tune drops x264's lookahead and
/// frame-threading delay: a cold tune gets its first picture about 150 ms sooner (measured, docs/benchmarks.md).
/// </summary>
public sealed record EncoderSettings(string Preset, TimeSpan Gop, string? Tune = "zerolatency")
{
    public static EncoderSettings Default { get; } = new("veryfast", TimeSpan.FromSeconds(1));
}

/// <summary>An ffmpeg command for one item and why it copies or transcodes.</summary>
public sealed record ItemCommand(FfmpegCommand Command, EncodeMode Mode, string? TranscodeReason);

/// <summary>
/// Turns "play this file from here for this long on this channel" into an ffmpeg command whose output matches
/// the channel profile exactly, so RetroVue's muxer can join items without the player noticing.
/// </summary>
public sealed class FfmpegCommandBuilder(EncoderSettings settings)
{
    public const string SlateColour = "0x101830";

    /// <param name="exactStart">
    /// The output must begin at <paramref name="seek"/> to the frame (a viewer joining mid-item): a copy could only
    /// begin at the keyframe before it, so the item is transcoded.
    /// </param>
    public ItemCommand ForFile(string path, IReadOnlyList<MediaStream> streams, TimeSpan seek, TimeSpan duration, StreamingProfile profile, bool exactStart = false) =>
        ForInput(new FileInput(path, seek), streams, duration, profile, exactStart);

    /// <summary>The same as <see cref="ForFile"/> for a remote file read through the loopback relay at <paramref name="relayUrl"/>.</summary>
    public ItemCommand ForRelay(Uri relayUrl, IReadOnlyList<MediaStream> streams, TimeSpan seek, TimeSpan duration, StreamingProfile profile, bool exactStart = false) =>
        ForInput(new RelayInput(relayUrl, seek), streams, duration, profile, exactStart);

    /// <summary>Whether a file with these streams is copied on a channel with this profile (when it starts at a keyframe).</summary>
    public static bool Copies(IReadOnlyList<MediaStream> streams, StreamingProfile profile) => CopyReason(streams, profile) is null;

    private static string? CopyReason(IReadOnlyList<MediaStream> streams, StreamingProfile profile) =>
        profile.Transcode == TranscodeMode.Always ? "the channel always transcodes" : CopyCompatibility.Mismatch(profile, streams);

    private ItemCommand ForInput(IFfmpegStep input, IReadOnlyList<MediaStream> streams, TimeSpan duration, StreamingProfile profile, bool exactStart)
    {
        var reason = CopyReason(streams, profile) ?? (exactStart ? "joining mid-item: transcoded to start on the exact frame" : null);
        if (reason is null)
        {
            return new ItemCommand(
                new FfmpegCommand([
                    new QuietRun(), input, new MapStream("0:v:0"), new MapStream("0:a:0"),
                    new OutputDuration(duration), new StreamCopy(), new MpegTsToStdout(),
                ]),
                EncodeMode.Copy,
                null);
        }

        // A file known to have no audio gets generated silence, so the channel's audio PID never runs dry.
        var knownSilent = streams.Count > 0 && !streams.Any(s => s.Kind == StreamKind.Audio);
        List<IFfmpegStep> steps = [new QuietRun(), input];
        if (knownSilent)
        {
            steps.AddRange([LavfiInput.Silence(), new MapStream("0:v:0"), new MapStream("1:a:0")]);
        }
        else
        {
            steps.AddRange([new MapStream("0:v:0"), new MapStream("0:a:0")]);
        }

        steps.AddRange([
            new OutputDuration(duration),
            new DropSubtitlesAndData(),
            new VideoFilterChain([
                new VideoFilter.ScaleToFit(profile.Width, profile.Height),
                new VideoFilter.PadCentred(profile.Width, profile.Height),
                new VideoFilter.SquarePixels(),
                new VideoFilter.FixedRate(profile.FrameRate),
                new VideoFilter.PixelFormat("yuv420p"),
            ]),
            new AudioNormalization(),
            Video(profile),
            new AacEncode(profile.AudioBitRateKbps),
            new MpegTsToStdout(),
        ]);
        return new ItemCommand(new FfmpegCommand(steps), EncodeMode.Transcode, reason);
    }

    /// <summary>
    /// A join bridge: the channel's own recent output, fed on stdin from a keyframe before <paramref name="startSeconds"/>
    /// (an instant of that stream's clock), re-encoded from exactly that instant. Timestamps stay on the channel clock.
    /// </summary>
    public FfmpegCommand ForJoinBridge(StreamingProfile profile, double startSeconds) => new([
        new QuietRun(InputOnStdin: true),
        new ChannelStreamOnStdin(),
        new MapStream("0:v:0"),
        new MapStream("0:a:0?"),
        new DropSubtitlesAndData(),
        new VideoFilterChain([new VideoFilter.TrimmedFrom(startSeconds), new VideoFilter.PixelFormat("yuv420p")]),
        new AudioTrimmedFrom(startSeconds),
        new KeepInputFrameTimes(),
        Video(profile),
        new AacEncode(profile.AudioBitRateKbps),
        new MpegTsToStdout(),
    ]);

    /// <summary>
    /// A channel's join standby: its whole output, fed on stdin, re-encoded on the channel clock with a keyframe every
    /// <paramref name="keyframeEvery"/>, so a joining viewer finds one within half that of any instant. The cheapest x264
    /// preset: a viewer sees this picture only until the shared stream's next keyframe.
    /// </summary>
    public static FfmpegCommand ForJoinStandby(StreamingProfile profile, TimeSpan keyframeEvery) => new([
        new QuietRun(InputOnStdin: true),
        new ChannelStreamOnStdin(),
        new MapStream("0:v:0"),
        new MapStream("0:a:0?"),
        new DropSubtitlesAndData(),
        new VideoFilterChain([new VideoFilter.PixelFormat("yuv420p")]),
        new AudioOnInputClock(),
        new KeepInputFrameTimes(),
        new X264Encode("ultrafast", "zerolatency", profile.VideoBitRateKbps, FfmpegText.GopFrames(profile.FrameRate, keyframeEvery)),
        new AacEncode(profile.AudioBitRateKbps),
        new MpegTsToStdout(),
    ]);

    /// <summary>
    /// The generated "stand by" picture: a plain colour with the channel name and "We’ll be right back"
    /// (when <paramref name="withText"/>; drawtext needs a font) and silence, encoded like any other item.
    /// </summary>
    public FfmpegCommand ForSlate(StreamingProfile profile, string channelName, TimeSpan duration, bool withText)
    {
        List<VideoFilter> filters = [];
        if (withText)
        {
            var size = Math.Max(12, profile.Height / 12);
            filters.Add(new VideoFilter.CentredText(SlateText.Clean(channelName), size, $"(h/2)-{size * 3 / 2}"));
            filters.Add(new VideoFilter.CentredText(SlateText.Clean(SlateText.Message), size * 2 / 3, $"(h/2)+{size / 2}"));
        }

        filters.AddRange([new VideoFilter.SquarePixels(), new VideoFilter.PixelFormat("yuv420p")]);
        return new FfmpegCommand([
            new QuietRun(),
            LavfiInput.Colour(SlateColour, profile.Width, profile.Height, profile.FrameRate),
            LavfiInput.Silence(),
            new MapStream("0:v:0"),
            new MapStream("1:a:0"),
            new OutputDuration(duration),
            new VideoFilterChain(filters),
            Video(profile),
            new AacEncode(profile.AudioBitRateKbps),
            new MpegTsToStdout(),
        ]);
    }

    private X264Encode Video(StreamingProfile profile) =>
        new(settings.Preset, settings.Tune, profile.VideoBitRateKbps, FfmpegText.GopFrames(profile.FrameRate, settings.Gop));
}

/// <summary>Text for the slate, reduced to characters that need no escaping in a filtergraph.</summary>
public static class SlateText
{
    /// <summary>With a typographic apostrophe, which the filtergraph parser does not treat as a quote.</summary>
    public const string Message = "We\u2019ll be right back";

    public static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var kept = char.IsLetterOrDigit(c) || c is '.' or '-' or '!' or '?' or '&' or '+' or '#' or '\u2019' ? c : ' ';
            if (kept != ' ' || (builder.Length > 0 && builder[^1] != ' '))
            {
                builder.Append(kept);
            }
        }

        var cleaned = builder.ToString().Trim();
        return cleaned.Length == 0 ? "RetroVue" : cleaned;
    }
}
