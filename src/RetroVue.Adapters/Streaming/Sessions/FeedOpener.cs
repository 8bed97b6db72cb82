using RetroVue.Adapters.Media;
using RetroVue.Adapters.Streaming.Ffmpeg;
using RetroVue.Adapters.Streaming.Remote;
using RetroVue.App.Streaming;
using RetroVue.Domain.Review;
using RetroVue.Domain.Scheduling;

namespace RetroVue.Adapters.Streaming.Sessions;

/// <summary>A started item (or the reason it could not start, and the review item that reason files under).</summary>
public sealed record OpenedFeed(Segment Segment, ItemFeed? Feed, EncodeMode Mode, string? Problem, ReviewReason Cause = ReviewReason.PlaybackFailed) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Feed?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>
/// Starts the ffmpeg for a segment: the file (copied or transcoded) or the slate. A file this machine cannot open
/// but a media server streams (a Plex part) is read through the loopback relay, so the server's token stays out of
/// ffmpeg's command line.
/// </summary>
public sealed class FeedOpener(FfmpegTools tools, FfmpegChildren children, DrawtextProbe drawtext, StreamingOptions options, RemoteMediaRelay? relay = null)
{
    private readonly FfmpegCommandBuilder _builder = new(new EncoderSettings(options.X264Preset, TimeSpan.FromSeconds(options.GopSeconds), options.X264Tune));
    private int _bridges;
    private int _standbys;

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

        segment = CatchUpStart(segment, channel.Profile);
        var path = segment.Item.FilePath!;
        var joinsMidItem = options.AccurateJoins && segment.IsJoin && segment.From > TimeSpan.Zero;
        var seek = segment.Item.InPoint + segment.From;
        if (File.Exists(path))
        {
            var command = _builder.ForFile(path, segment.Item.Streams, seek, segment.Length, channel.Profile, joinsMidItem);
            return new OpenedFeed(segment, Start(ffmpeg, command.Command), command.Mode, null);
        }

        if (segment.Item.Remote is { } remote && relay is not null)
        {
            return await OpenRemoteAsync(ffmpeg, channel, segment, remote, relay, seek, joinsMidItem, cancellationToken);
        }

        return new OpenedFeed(segment, null, EncodeMode.Transcode, $"the file {path} does not exist or cannot be reached");
    }

    /// <summary>
    /// A segment that starts mid-item only to catch up with the timeline (the stream fell behind) would, copied, begin
    /// at the keyframe before that point and air late by the distance to it for the whole item. A copied item therefore
    /// starts at its beginning instead (copying outpaces real time, so the stream rebuilds its lead by itself), unless
    /// the stream is later than its lead: then it is transcoded from the exact frame, as a join is.
    /// </summary>
    private Segment CatchUpStart(Segment segment, StreamingProfile profile)
    {
        if (segment.IsJoin || segment.From <= TimeSpan.Zero || !FfmpegCommandBuilder.Copies(segment.Item.Streams, profile))
        {
            return segment;
        }

        return segment.From <= options.Burst ? segment with { From = TimeSpan.Zero } : segment with { IsJoin = true };
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

    /// <summary>Takes one of the server's <see cref="StreamingOptions.MaxJoinStandbys"/> places; false when all are taken.</summary>
    public bool TryReserveStandby()
    {
        if (Interlocked.Increment(ref _standbys) <= options.MaxJoinStandbys)
        {
            return true;
        }

        Interlocked.Decrement(ref _standbys);
        return false;
    }

    public void ReleaseStandby() => Interlocked.Decrement(ref _standbys);

    /// <summary>Starts a channel's join standby: its output goes in on stdin, the short-GOP re-encode comes out of stdout.</summary>
    public FfmpegProcess StartJoinStandby(PlayoutChannel channel) =>
        FfmpegProcess.Start(tools.RequireFfmpeg(), FfmpegCommandBuilder.ForJoinStandby(channel.Profile, JoinStandby.KeyframeEvery).Arguments, children, withInput: true);

    /// <summary>Starts a join bridge's ffmpeg: the channel's output goes in on stdin, the re-encoded join comes out of stdout.</summary>
    public FfmpegProcess StartJoinBridge(PlayoutChannel channel, double startSeconds) =>
        FfmpegProcess.Start(tools.RequireFfmpeg(), _builder.ForJoinBridge(channel.Profile, startSeconds).Arguments, children, withInput: true);

    /// <summary>
    /// Asks the server for one byte first: a refused token, a vanished part or a server that is down becomes the
    /// slate at once with the cause named, instead of an ffmpeg error line seconds later.
    /// </summary>
    private async Task<OpenedFeed> OpenRemoteAsync(
        string ffmpeg, PlayoutChannel channel, Segment segment, App.Streaming.RemoteMedia remote, RemoteMediaRelay relay, TimeSpan seek, bool joinsMidItem, CancellationToken cancellationToken)
    {
        var registration = relay.Register(remote);
        try
        {
            if (await relay.CheckAsync(registration, cancellationToken) is { } fault)
            {
                registration.Dispose();
                return new OpenedFeed(segment, null, EncodeMode.Transcode, $"the file is not on this machine and {fault.Text}", fault.Reason);
            }

            var command = _builder.ForRelay(registration.Url, segment.Item.Streams, seek, segment.Length, channel.Profile, joinsMidItem);
            return new OpenedFeed(segment, Start(ffmpeg, command.Command, registration), command.Mode, null);
        }
        catch
        {
            registration.Dispose();
            throw;
        }
    }

    private ItemFeed Start(string ffmpeg, FfmpegCommand command, RelayRegistration? remote = null) =>
        ItemFeed.FromProcess(FfmpegProcess.Start(ffmpeg, command.Arguments, children), options.StallTimeout, options.StartTimeout, remote);
}
