using RetroVue.Adapters.Media;
using RetroVue.Adapters.Streaming.Ffmpeg;
using RetroVue.App.Streaming;

namespace RetroVue.Adapters.Streaming.Sessions;

/// <summary>A started item (or the reason it could not start).</summary>
public sealed record OpenedFeed(Segment Segment, ItemFeed? Feed, EncodeMode Mode, string? Problem) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Feed?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>Starts the ffmpeg for a segment: the file (copied or transcoded) or the slate.</summary>
public sealed class FeedOpener(FfmpegTools tools, FfmpegChildren children, DrawtextProbe drawtext, StreamingOptions options)
{
    private readonly FfmpegCommandBuilder _builder = new(new EncoderSettings(options.X264Preset, TimeSpan.FromSeconds(options.GopSeconds), options.X264Tune));
    private int _bridges;

    public FfmpegChildren Children => children;

    public async Task<OpenedFeed> OpenAsync(PlayoutChannel channel, Segment segment, bool plainSlate, CancellationToken cancellationToken)
    {
        var ffmpeg = tools.RequireFfmpeg();
        if (segment.IsSlate)
        {
            var withText = !plainSlate && await drawtext.WorksAsync(ffmpeg, cancellationToken);
            var slate = _builder.ForSlate(channel.Profile, channel.Name, segment.Length, withText);
            return new OpenedFeed(segment, Start(ffmpeg, slate), EncodeMode.Transcode, null);
        }

        var path = segment.Item.FilePath!;
        if (!File.Exists(path))
        {
            return new OpenedFeed(segment, null, EncodeMode.Transcode, $"the file {path} does not exist or cannot be reached");
        }

        var joinsMidItem = options.AccurateJoins && segment.IsJoin && segment.From > TimeSpan.Zero;
        var command = _builder.ForFile(path, segment.Item.Streams, segment.Item.InPoint + segment.From, segment.Length, channel.Profile, joinsMidItem);
        return new OpenedFeed(segment, Start(ffmpeg, command.Command), command.Mode, null);
    }

    /// <summary>Takes one of the server's <see cref="StreamingOptions.MaxJoinBridges"/> places; false when all are taken.</summary>
    public bool TryReserveBridge()
    {
        if (Interlocked.Increment(ref _bridges) <= options.MaxJoinBridges)
        {
            return true;
        }

        Interlocked.Decrement(ref _bridges);
        return false;
    }

    public void ReleaseBridge() => Interlocked.Decrement(ref _bridges);

    /// <summary>Starts a join bridge's ffmpeg: the channel's output goes in on stdin, the re-encoded join comes out of stdout.</summary>
    public FfmpegProcess StartJoinBridge(PlayoutChannel channel, double startSeconds) =>
        FfmpegProcess.Start(tools.RequireFfmpeg(), _builder.ForJoinBridge(channel.Profile, startSeconds).Arguments, children, withInput: true);

    private ItemFeed Start(string ffmpeg, FfmpegCommand command) =>
        ItemFeed.FromProcess(FfmpegProcess.Start(ffmpeg, command.Arguments, children), options.StallTimeout, options.StartTimeout);
}
