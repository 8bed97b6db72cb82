using Microsoft.Extensions.Logging;
using RetroVue.Adapters.Streaming.Ts;
using RetroVue.App.Streaming;

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
    private const int ChunkPackets = 64;
    private const int LookAhead = 4;

    private readonly PlayoutChannel _channel;
    private readonly IPlayoutSource _source;
    private readonly FeedOpener _opener;
    private readonly IPlaybackFaultSink _faults;
    private readonly StreamingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ChannelMuxer _muxer;
    private readonly PcrPacer _pacer;
    private readonly GopHistory _history;
    private readonly Lock _gate = new();
    private readonly List<ViewerConnection> _viewers = [];
    private readonly Queue<PlayoutItem> _upcoming = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _scratch = new byte[ChannelMuxer.MaxPacketsPerInput * TsPacket.Size];

    private byte[] _chunk = new byte[ChunkPackets * TsPacket.Size];
    private int _chunkLength;
    private bool _chunkStartsKeyframe;
    private long _chunkClock;

    private Task _run = Task.CompletedTask;
    private int _disposed;
    private bool _ended;
    private long _bytesSent;
    private int _itemsPlayed;
    private int _slateInsertions;
    private int _viewersDropped;
    private CurrentItemStats? _current;
    private ItemFeed? _currentFeed;

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
        _history = new GopHistory(options.Burst + TimeSpan.FromSeconds(2 * options.GopSeconds + 2), options.HistoryMegabytes * 1024L * 1024L);
        StartedAt = time.GetUtcNow();
    }

    public PlayoutChannel Channel => _channel;

    public DateTimeOffset StartedAt { get; }

    /// <summary>Completes when the session has stopped and every ffmpeg it started has been reaped.</summary>
    public Task Completion => _run;

    public int ViewerCount
    {
        get
        {
            lock (_gate)
            {
                return _viewers.Count;
            }
        }
    }

    public void Start() => _run = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>A new viewer, starting at the keyframe nearest the timeline's present; null when the session has ended.</summary>
    public ViewerConnection? Attach()
    {
        var viewer = new ViewerConnection(_options.ViewerBufferMegabytes * 1024L * 1024L, _time.GetUtcNow());
        lock (_gate)
        {
            if (_ended)
            {
                return null;
            }

            var present = _pacer.IsAnchored ? _pacer.PcrNow : long.MaxValue;
            foreach (var chunk in _history.From(present))
            {
                viewer.Started = true;
                viewer.Offer(chunk);
            }

            _viewers.Add(viewer);
        }

        return viewer;
    }

    public void Detach(ViewerConnection viewer)
    {
        lock (_gate)
        {
            _viewers.Remove(viewer);
        }

        viewer.End("the viewer left");
    }

    /// <summary>Counts bytes a viewer's response has written.</summary>
    public void CountSent(ViewerConnection viewer, int bytes)
    {
        viewer.CountSent(bytes);
        Interlocked.Add(ref _bytesSent, bytes);
    }

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

        lock (_gate)
        {
            var ahead = _pacer.IsAnchored && _muxer.LastPcr is { } pcr ? Math.Round(_pacer.AheadBy(pcr).TotalSeconds, 2) : 0;
            return new SessionStats(
                _channel.Number.ToString(),
                _channel.Name,
                StartedAt,
                _viewers.Count,
                Interlocked.Read(ref _bytesSent),
                _current,
                _itemsPlayed,
                restarts,
                _slateInsertions,
                _viewersDropped,
                speed,
                ahead,
                _ended);
        }
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
        try
        {
            var first = await FirstSegmentAsync(_time.GetUtcNow(), cancellationToken);
            current = await _opener.OpenAsync(_channel, first, plainSlate: false, cancellationToken);
            var slateFailures = 0;
            while (!cancellationToken.IsCancellationRequested)
            {
                var (head, stall) = await ReadHeadAsync(current, cancellationToken);
                if (head is null)
                {
                    var problem = current.Problem ?? stall ?? await FailureTextAsync(current, cancellationToken);
                    var segment = current.Segment;
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

                    await ReportAsync(segment, problem, cancellationToken);
                    current = await SubstituteSlateAsync(segment, segment.From, cancellationToken) ?? await OpenNextAsync(segment, next, cancellationToken);
                    next = null;
                    continue;
                }

                slateFailures = 0;
                _muxer.BeginItem(head);
                Interlocked.Increment(ref _itemsPlayed);
                _currentFeed = current.Feed;
                _current = new CurrentItemStats(
                    current.Segment.Item.AssetId,
                    current.Segment.IsSlate ? "Slate" : current.Segment.Item.Title,
                    current.Segment.IsSlate ? "Slate" : current.Mode.ToString(),
                    current.Segment.Item.Start,
                    current.Segment.Item.End);

                var stalled = await PumpAsync(current, () => next, opened => next = opened, cancellationToken);
                var progress = _muxer.ItemProgress;
                var (exitCode, errors) = stalled is null ? await current.Feed!.FinishAsync(cancellationToken) : (-1, stalled);
                var finished = current.Segment;
                await current.DisposeAsync();
                current = null;
                _currentFeed = null;

                var shortBy = finished.Length - progress;
                if (!finished.IsSlate && (stalled is not null || exitCode != 0 || shortBy > _options.ShortfallTolerance))
                {
                    var why = stalled ?? (exitCode != 0 ? $"ffmpeg exited with code {exitCode}: {LastLine(errors)}" : $"the output ended {shortBy.TotalSeconds:0.0} s early: {LastLine(errors)}");
                    await ReportAsync(finished, why, cancellationToken);
                    if (await SubstituteSlateAsync(finished, finished.From + progress, cancellationToken) is { } slate)
                    {
                        current = slate;
                        continue;
                    }
                }

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

            _currentFeed = null;
            lock (_gate)
            {
                _ended = true;
                foreach (var viewer in _viewers)
                {
                    viewer.End("the channel stopped");
                }

                _viewers.Clear();
                _history.Clear();
            }
        }
    }

    /// <summary>The item after <paramref name="finished"/>: the one already started early, or a fresh start.</summary>
    private async Task<OpenedFeed> OpenNextAsync(Segment finished, OpenedFeed? prestarted, CancellationToken cancellationToken) =>
        prestarted ?? await _opener.OpenAsync(_channel, await NextSegmentAsync(finished, cancellationToken), plainSlate: false, cancellationToken);

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
                FlushChunk();
                return e.Message;
            }

            if (block.IsEmpty)
            {
                FlushChunk();
                return null;
            }

            for (var offset = 0; offset < block.Length; offset += TsPacket.Size)
            {
                var result = _muxer.Remux(block.Span.Slice(offset, TsPacket.Size), _scratch);
                if (result.Packets == 0)
                {
                    continue;
                }

                if (result.Pcr is { } pcr && !_pacer.IsAnchored)
                {
                    _pacer.Anchor(pcr, opened.Segment.WallStart);
                }

                Append(result);
                if (result.Pcr is { } due && _pacer.HoldFor(due) is var hold && hold > TimeSpan.Zero)
                {
                    FlushChunk();
                    await Task.Delay(hold, _time, cancellationToken);
                }
            }

            // Whatever ffmpeg gave goes out now: during a tune-in burst nothing would otherwise push it.
            FlushChunk();

            if (next() is null && opened.Segment.Length - _muxer.ItemProgress <= _options.Prestart)
            {
                var following = await NextSegmentAsync(opened.Segment, cancellationToken);
                setNext(await _opener.OpenAsync(_channel, following, plainSlate: false, cancellationToken));
            }
        }
    }

    private void Append(RemuxResult result)
    {
        var bytes = result.Packets * TsPacket.Size;
        if (result.StartsRandomAccess || _chunkLength + bytes > _chunk.Length)
        {
            FlushChunk();
        }

        if (_chunkLength == 0)
        {
            _chunkStartsKeyframe = result.StartsRandomAccess;
            _chunkClock = result.Pcr ?? _muxer.LastPcr ?? 0;
        }

        _scratch.AsSpan(0, bytes).CopyTo(_chunk.AsSpan(_chunkLength));
        _chunkLength += bytes;
    }

    /// <summary>Hands the chunk being filled to the history and every viewer; a viewer too far behind is dropped.</summary>
    private void FlushChunk()
    {
        if (_chunkLength == 0)
        {
            return;
        }

        var chunk = new TsChunk(_chunk, _chunkLength, _chunkStartsKeyframe, _chunkClock);
        _chunk = new byte[ChunkPackets * TsPacket.Size];
        _chunkLength = 0;
        List<ViewerConnection>? dropped = null;
        lock (_gate)
        {
            _history.Add(chunk);
            foreach (var viewer in _viewers)
            {
                if (!viewer.Started)
                {
                    if (!chunk.StartsKeyframe)
                    {
                        continue;
                    }

                    viewer.Started = true;
                }

                if (!viewer.Offer(chunk))
                {
                    (dropped ??= []).Add(viewer);
                }
            }

            if (dropped is not null)
            {
                foreach (var viewer in dropped)
                {
                    _viewers.Remove(viewer);
                }

                _viewersDropped += dropped.Count;
            }
        }

        if (dropped is not null)
        {
            _logger.LogWarning("Channel {Channel}: dropped {Count} viewer(s) that could not keep up", _channel.Number, dropped.Count);
        }
    }

    private async Task<Segment> FirstSegmentAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var window = await _source.AtAsync(_channel.Number, now, LookAhead, cancellationToken);
        if (window is null)
        {
            _logger.LogWarning("Channel {Channel} has no timeline at {Instant:O}: playing the off-air slate", _channel.Number, now);
            return Segment.OffAir(now);
        }

        foreach (var item in window.Following)
        {
            _upcoming.Enqueue(item);
        }

        return new Segment(window.Current, window.Offset, Substitute: false, IsJoin: true);
    }

    /// <summary>
    /// The segment after <paramref name="previous"/>. When the stream has fallen behind the timeline (a copied item
    /// started at an earlier keyframe, say), the next item starts that much into itself to catch up.
    /// </summary>
    private async Task<Segment> NextSegmentAsync(Segment previous, CancellationToken cancellationToken)
    {
        if (_upcoming.Count == 0)
        {
            var window = await _source.AtAsync(_channel.Number, previous.Item.End, LookAhead, cancellationToken);
            if (window is null)
            {
                return Segment.OffAir(previous.Item.End);
            }

            _upcoming.Enqueue(window.Current);
            foreach (var item in window.Following)
            {
                _upcoming.Enqueue(item);
            }
        }

        var upcoming = _upcoming.Dequeue();
        var from = TimeSpan.Zero;
        if (_pacer.IsAnchored && _muxer.LastPcr is { } pcr)
        {
            var seam = _pacer.WallOf(pcr) + (previous.Length - _muxer.ItemProgress);
            var behind = seam - upcoming.Start;
            if (behind > TimeSpan.FromMilliseconds(500) && behind < upcoming.Duration - TimeSpan.FromSeconds(1))
            {
                from = behind;
            }
        }

        return new Segment(upcoming, from, Substitute: false);
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

    private async Task ReportAsync(Segment segment, string problem, CancellationToken cancellationToken)
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
            await _faults.ReportAsync(new PlaybackFault(_channel.Number, assetId, segment.Item.FilePath, problem, _time.GetUtcNow()), limit.Token);
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
