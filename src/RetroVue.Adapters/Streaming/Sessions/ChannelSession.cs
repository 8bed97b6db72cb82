using Microsoft.Extensions.Logging;
using RetroVue.Adapters.Streaming.Ts;
using RetroVue.App.Streaming;
using RetroVue.Domain.Review;

namespace RetroVue.Adapters.Streaming.Sessions;

/// <summary>
/// One channel's live stream, shared by all its viewers. Plays the timeline item by item, each from its own ffmpeg,
/// through one <see cref="ChannelMuxer"/> so the viewers see a single continuous transport stream; the next item's
/// ffmpeg starts before the current one ends. Output is paced to real time by PCR, running <see cref="StreamingOptions.Burst"/>
/// ahead so a tuning viewer gets a burst from the recent keyframes. A file that cannot be played, or an ffmpeg that
/// dies or stalls, is replaced by the slate until the next item and reported.
/// </summary>
public sealed class ChannelSession : IAsyncDisposable
{
    private readonly PlayoutChannel _channel;
    private readonly IPlayoutSource _source;
    private readonly FeedOpener _opener;
    private readonly IPlaybackFaultSink _faults;
    private readonly StreamingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ChannelMuxer _muxer;
    private readonly PcrPacer _pacer;
    private readonly ViewerFanout _fanout;
    private readonly JoinBridges? _bridges;
    private readonly ChunkAssembler _chunks;
    private readonly SegmentQueue _segments;
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _scratch = new byte[ChannelMuxer.MaxPacketsPerInput * TsPacket.Size];

    private Task _run = Task.CompletedTask;
    private int _disposed;
    private volatile bool _ended;
    private long _bytesSent;
    private int _itemsPlayed;
    private int _slateInsertions;
    private CurrentItemStats? _current;
    private ItemFeed? _currentFeed;

    // An item whose ffmpeg failed once is resumed after a short slate; the following item, if already started, waits.
    private Segment? _resume;
    private OpenedFeed? _parked;
    private readonly FailureMemory _failures = new();

    public ChannelSession(
        PlayoutChannel channel,
        IPlayoutSource source,
        FeedOpener opener,
        IPlaybackFaultSink faults,
        StreamingOptions options,
        TimeProvider time,
        ILogger logger)
    {
        _channel = channel;
        _source = source;
        _opener = opener;
        _faults = faults;
        _options = options;
        _time = time;
        _logger = logger;
        _muxer = new ChannelMuxer(channel.Name, channel.Profile.FrameRate);
        _pacer = new PcrPacer(time, options.Burst);
        var history = new GopHistory(options.Burst + TimeSpan.FromSeconds(2 * options.GopSeconds + 2), options.HistoryMegabytes * 1024L * 1024L);
        _fanout = new ViewerFanout(history, options.ViewerBufferMegabytes * 1024L * 1024L, time);
        _bridges = options.ExactJoins ? new JoinBridges(channel, opener, _fanout, options, logger) : null;
        _chunks = new ChunkAssembler(Publish);
        _segments = new SegmentQueue(channel, source, logger);
        StartedAt = time.GetUtcNow();
    }

    public PlayoutChannel Channel => _channel;

    public DateTimeOffset StartedAt { get; }

    /// <summary>Completes when the session has stopped and every ffmpeg it started has been reaped.</summary>
    public Task Completion => _run;

    public int ViewerCount => _fanout.Count;

    public void Start() => _run = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>
    /// A new viewer, starting at the timeline's present: from a kept keyframe close to it, or through a join bridge;
    /// before the stream has a clock (the session is starting), from its first keyframe. Null when the session has ended.
    /// </summary>
    public ViewerConnection? Attach() => _fanout.Attach(_pacer.IsAnchored ? _pacer.PcrNow : null, _bridges);

    public void Detach(ViewerConnection viewer) => _fanout.Detach(viewer);

    /// <summary>Counts bytes a viewer's response has written.</summary>
    public void CountSent(ViewerConnection viewer, int bytes)
    {
        viewer.CountSent(bytes);
        Interlocked.Add(ref _bytesSent, bytes);
    }

    /// <summary>
    /// True while the item on air is transcoded, and while the session is starting: a cold start transcodes its first
    /// item to begin on the exact frame.
    /// </summary>
    public bool IsTranscoding => Volatile.Read(ref _current) is not { } current || current.Mode == nameof(EncodeMode.Transcode);

    public SessionStats Snapshot(int restarts)
    {
        var feed = _currentFeed;
        var progress = _muxer.ItemProgress.TotalSeconds;
        double? speed = null;
        if (feed is not null && _current is { Mode: nameof(EncodeMode.Transcode) })
        {
            // Content made per second spent waiting on ffmpeg: above 1 means ffmpeg outpaces real time.
            speed = Math.Round(progress / Math.Max(feed.WaitTime.TotalSeconds, 0.001), 2);
        }

        var ahead = _pacer.IsAnchored && _muxer.LastPcr is { } pcr ? Math.Round(_pacer.AheadBy(pcr).TotalSeconds, 2) : 0;
        return new SessionStats(
            _channel.Number.ToString(),
            _channel.Name,
            StartedAt,
            _fanout.Count,
            Interlocked.Read(ref _bytesSent),
            _current,
            Volatile.Read(ref _itemsPlayed),
            restarts,
            Volatile.Read(ref _slateInsertions),
            _fanout.Dropped,
            speed,
            ahead,
            _ended,
            _bridges?.Started ?? 0,
            _bridges?.FromStandby ?? 0);
    }

    /// <summary>Stops the stream, ends every viewer and waits until every ffmpeg is reaped.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            await _run;
            return;
        }

        await _stop.CancelAsync();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
            // Stopping is the expected way out.
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        OpenedFeed? current = null;
        OpenedFeed? next = null;
        using var trace = SessionTrace.Start(_channel);
        try
        {
            var first = await _segments.FirstAsync(_time.GetUtcNow(), cancellationToken);
            current = await _opener.OpenAsync(_channel, first, plainSlate: false, cancellationToken);
            var slateFailures = 0;
            while (!cancellationToken.IsCancellationRequested)
            {
                var (head, stall) = await ReadHeadAsync(current, cancellationToken);
                if (head is null)
                {
                    var problem = current.Problem ?? stall ?? await FailureTextAsync(current, cancellationToken);
                    var segment = current.Segment;
                    var fileProblem = current.Problem is not null;
                    var cause = current.Cause;
                    await current.DisposeAsync();
                    current = null;
                    if (segment.IsSlate)
                    {
                        // The slate itself failed (a font problem, say): try once more as a plain colour, then give up.
                        if (++slateFailures > 1)
                        {
                            throw new InvalidOperationException($"The slate for channel {_channel.Number} cannot be generated: {problem}");
                        }

                        current = await _opener.OpenAsync(_channel, segment, plainSlate: true, cancellationToken);
                        continue;
                    }

                    current = await RecoverAsync(segment, segment.From, problem, fileProblem ? cause : null, next, cancellationToken)
                        ?? await OpenNextAsync(segment, next, cancellationToken);
                    next = null;
                    continue;
                }

                slateFailures = 0;
                if (_pacer.Clock is null)
                {
                    // The channel clock is fixed once: the first frame stands for the first segment's instant.
                    _pacer.Anchor(ChannelMuxer.ClockOrigin, current.Segment.WallStart);

                    _bridges?.StartStandby();
                }

                var clock = _pacer.Clock!;
                _muxer.BeginItem(head, clock.PtsAt(current.Segment.WallStart), clock.PtsAt(current.Segment.WallEnd));
                WriteSilence();
                Interlocked.Increment(ref _itemsPlayed);
                _currentFeed = current.Feed;
                _current = new CurrentItemStats(
                    current.Segment.Item.AssetId,
                    current.Segment.IsSlate ? "Slate" : current.Segment.Item.Title,
                    current.Segment.IsSlate ? "Slate" : current.Mode.ToString(),
                    current.Segment.Item.Start,
                    current.Segment.Item.End);
                trace.ItemStarted(_current);

                var stalled = await PumpAsync(current, () => next, opened => next = opened, cancellationToken);
                var progress = _muxer.ItemProgress;
                var (exitCode, errors) = stalled is not null ? (-1, stalled)
                    : _muxer.PastSeam ? (0, string.Empty) // cut at its seam: the rest of its output is not wanted
                    : await current.Feed!.FinishAsync(cancellationToken);
                var finished = current.Segment;
                var upstream = stalled is not null ? await current.Feed!.SettledUpstreamFaultAsync(_time, cancellationToken) : current.Feed!.UpstreamFault;
                await current.DisposeAsync();
                current = null;
                _currentFeed = null;

                var shortBy = finished.Length - progress;
                if (!finished.IsSlate && (stalled is not null || exitCode != 0 || shortBy > _options.ShortfallTolerance))
                {
                    var why = stalled ?? (exitCode != 0 ? $"ffmpeg exited with code {exitCode}: {LastLine(errors)}" : $"the output ended {shortBy.TotalSeconds:0.0} s early: {LastLine(errors)}");

                    // A remote source that refused or cut the file is the cause, whatever ffmpeg then did; it is not resumed blindly.
                    if (upstream is not null)
                    {
                        why = $"{upstream.Text} ({why})";
                    }

                    trace.ItemEnded(why);

                    // ffmpeg that ran to a clean end short of the item read all the file had: the file is short, not the machine.
                    var fileProblem = upstream?.Reason ?? (stalled is null && exitCode == 0 ? ReviewReason.PlaybackFailed : (ReviewReason?)null);
                    if (await RecoverAsync(finished, finished.From + progress, why, fileProblem, next, cancellationToken) is { } slate)
                    {
                        current = slate;
                        next = null;
                        continue;
                    }
                }

                trace.ItemEnded(problem: null);
                current = await OpenNextAsync(finished, next, cancellationToken);
                next = null;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
        catch (Exception e)
        {
            trace.Failed(e);
            _logger.LogError(e, "Channel {Channel} stopped after an error", _channel.Number);
        }
        finally
        {
            if (current is not null)
            {
                await current.DisposeAsync();
            }

            if (next is not null)
            {
                await next.DisposeAsync();
            }

            if (_parked is not null)
            {
                await _parked.DisposeAsync();
            }

            _currentFeed = null;
            _ended = true;
            _fanout.End("the channel stopped");
            if (_bridges is not null)
            {
                await _bridges.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The feed after <paramref name="finished"/>: the one already started early, else a pending resume, else the
    /// following item parked while a resume played, else a fresh start of the next timeline segment.
    /// </summary>
    private async Task<OpenedFeed> OpenNextAsync(Segment finished, OpenedFeed? prestarted, CancellationToken cancellationToken)
    {
        if (prestarted is not null)
        {
            return prestarted;
        }

        if (_resume is { } resume)
        {
            _resume = null;
            return await _opener.OpenAsync(_channel, resume, plainSlate: false, cancellationToken);
        }

        if (_parked is { } parked)
        {
            _parked = null;
            return parked;
        }

        return await _opener.OpenAsync(_channel, await _segments.NextAsync(finished, SeamAfter(finished), cancellationToken), plainSlate: false, cancellationToken);
    }

    /// <summary>
    /// After <paramref name="failed"/> stopped at <paramref name="reached"/>: the first failure of a file not known to be
    /// bad (a killed or stalled ffmpeg may be the machine's fault) is not reported: the item resumes where it reached,
    /// at its own instant, after a short slate, or the slate plays the rest when too little is left to resume. A second
    /// failure of the file, or a known file problem (<paramref name="fileProblem"/>: the review reason it files under),
    /// is reported once and the slate plays the rest of the entry. Null when too little of the entry is left to bother.
    /// </summary>
    private async Task<OpenedFeed?> RecoverAsync(Segment failed, TimeSpan reached, string problem, ReviewReason? fileProblem, OpenedFeed? prestarted, CancellationToken cancellationToken)
    {
        var end = failed.Until ?? failed.Item.Duration;
        var resumeAt = reached + _options.ResumeSlate;
        var firstFailure = !_failures.FailedBefore(failed.Item) && fileProblem is null;
        if (firstFailure && resumeAt < end - TimeSpan.FromSeconds(1))
        {
            _logger.LogInformation("Channel {Channel}: '{Title}' stopped ({Problem}); resuming it at {At:0.0} s after a short slate", _channel.Number, failed.Item.Title, problem, resumeAt.TotalSeconds);
            if (prestarted is not null)
            {
                _parked = prestarted;
            }

            _resume = new Segment(failed.Item, resumeAt, Substitute: false, IsJoin: true, Until: failed.Until);
            Interlocked.Increment(ref _slateInsertions);
            return await _opener.OpenAsync(_channel, new Segment(failed.Item, reached, Substitute: true, Until: resumeAt), plainSlate: false, cancellationToken);
        }

        if (firstFailure)
        {
            _logger.LogInformation("Channel {Channel}: '{Title}' stopped near its end ({Problem}); the slate plays the rest, and the file is reported if it fails again", _channel.Number, failed.Item.Title, problem);
        }
        else
        {
            await ReportAsync(failed, problem, fileProblem ?? ReviewReason.PlaybackFailed, cancellationToken);
        }

        if (await SubstituteSlateAsync(failed, reached, cancellationToken) is { } slate)
        {
            if (prestarted is not null)
            {
                _parked = prestarted;
            }

            return slate;
        }

        return null;
    }

    /// <summary>Reads the item's output head; no head when ffmpeg produced no playable video, with the watchdog's complaint if it stalled.</summary>
    private static async Task<(ItemHead? Head, string? Stall)> ReadHeadAsync(OpenedFeed opened, CancellationToken cancellationToken)
    {
        if (opened.Feed is null)
        {
            return (null, null);
        }

        try
        {
            return (await opened.Feed.ReadHeadAsync(cancellationToken), null);
        }
        catch (FeedStalledException e)
        {
            return (null, e.Message);
        }
    }

    private static async Task<string> FailureTextAsync(OpenedFeed opened, CancellationToken cancellationToken)
    {
        if (opened.Feed is null)
        {
            return "it could not be started";
        }

        var (exitCode, errors) = await opened.Feed.FinishAsync(cancellationToken);
        return $"ffmpeg produced no playable video (exit code {exitCode}): {LastLine(errors)}";
    }

    /// <summary>Remuxes and paces one item to its end. Returns null when the output ended, or the watchdog's complaint.</summary>
    private async Task<string?> PumpAsync(OpenedFeed opened, Func<OpenedFeed?> next, Action<OpenedFeed> setNext, CancellationToken cancellationToken)
    {
        var feed = opened.Feed!;
        while (true)
        {
            ReadOnlyMemory<byte> block;
            try
            {
                block = await feed.ReadAsync(cancellationToken);
            }
            catch (FeedStalledException e)
            {
                Flush();
                return e.Message;
            }

            if (block.IsEmpty)
            {
                Flush();
                return null;
            }

            for (var offset = 0; offset < block.Length; offset += TsPacket.Size)
            {
                var result = _muxer.Remux(block.Span.Slice(offset, TsPacket.Size), _scratch);
                if (result.Packets == 0)
                {
                    continue;
                }

                Dropped(_chunks.Append(result, _scratch, _muxer.LastPcr ?? 0));
                if (result.Pcr is { } due && _pacer.HoldFor(due) is var hold && hold > TimeSpan.Zero)
                {
                    Flush();
                    await Task.Delay(hold, _time, cancellationToken);
                }
            }

            // Whatever ffmpeg gave goes out now: during a tune-in burst nothing would otherwise push it.
            Flush();

            if (_muxer.PastSeam)
            {
                return null;
            }

            if (next() is null && opened.Segment.Length - _muxer.ItemProgress <= _options.Prestart)
            {
                setNext(await OpenNextAsync(opened.Segment, null, cancellationToken));
            }
        }
    }

    private void Flush() => Dropped(_chunks.Flush());

    private int Publish(TsChunk chunk) => _fanout.Publish(chunk);

    private void Dropped(int viewers)
    {
        if (viewers > 0)
        {
            _logger.LogWarning("Channel {Channel}: dropped {Count} viewer(s) that could not keep up", _channel.Number, viewers);
        }
    }

    /// <summary>
    /// Where the next segment should start for the stream to be on time: items are placed at their own instants, so
    /// only a stream that has fallen behind real time (its lead used up by a slow ffmpeg or a fault) needs the next
    /// item to start that much into itself. Null before the stream has a clock.
    /// </summary>
    private DateTimeOffset? SeamAfter(Segment segment) =>
        _pacer.IsAnchored && _muxer.LastPcr is { } pcr ? segment.WallEnd + Max(TimeSpan.Zero, -_pacer.AheadBy(pcr)) : null;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Fills the audio hole before the item just begun with silent frames.</summary>
    private void WriteSilence()
    {
        int packets;
        while ((packets = _muxer.WriteSilence(_scratch)) > 0)
        {
            Dropped(_chunks.Append(new RemuxResult(packets, false, null), _scratch, _muxer.LastPcr ?? 0));
        }
    }

    /// <summary>The slate for the rest of a failed entry; null when too little of it is left to bother.</summary>
    private async Task<OpenedFeed?> SubstituteSlateAsync(Segment failed, TimeSpan from, CancellationToken cancellationToken)
    {
        if (failed.Item.Duration - from < TimeSpan.FromMilliseconds(200))
        {
            return null;
        }

        Interlocked.Increment(ref _slateInsertions);
        return await _opener.OpenAsync(_channel, failed.AsSlateFrom(from), plainSlate: false, cancellationToken);
    }

    private async Task ReportAsync(Segment segment, string problem, ReviewReason cause, CancellationToken cancellationToken)
    {
        _logger.LogWarning("Channel {Channel}: '{Title}' ({Path}) cannot be played, showing the slate: {Problem}", _channel.Number, segment.Item.Title, segment.Item.FilePath, problem);
        if (segment.Item.AssetId is not { } assetId)
        {
            return;
        }

        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(TimeSpan.FromSeconds(5));
            await _faults.ReportAsync(new PlaybackFault(_channel.Number, assetId, segment.Item.FilePath, problem, _time.GetUtcNow(), cause), limit.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogError(e, "Channel {Channel}: the playback fault of asset {AssetId} could not be recorded", _channel.Number, assetId);
        }
    }

    private static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "no error message" : lines[^1];
    }
}
