using System.Threading.Channels;
using RetroVue.Adapters.Streaming.Ts;

namespace RetroVue.Adapters.Streaming.Sessions;

/// <summary>
/// Hands a channel's output to its viewers: every chunk goes to the recent history (so a tuning viewer starts at
/// once from a keyframe near the present) and to each viewer's bounded queue; a viewer too far behind is dropped
/// rather than slowing the others or growing memory. A viewer whose nearest keyframe is too far from the present
/// joins through a bridge (<see cref="JoinBridges"/>) and gets the shared stream from the bridge's end.
/// </summary>
public sealed class ViewerFanout(GopHistory history, long viewerBufferBytes, TimeProvider time)
{
    /// <summary>Chunks a bridge may fall behind the live stream before it gives up (about 6 MB).</summary>
    private const int TapCapacity = 512;

    private readonly Lock _gate = new();
    private readonly List<ViewerConnection> _viewers = [];
    private readonly List<BridgeTap> _taps = [];
    private TaskCompletionSource _published = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _ended;
    private int _dropped;
    private long? _liveClock;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _viewers.Count;
            }
        }
    }

    public int Dropped
    {
        get
        {
            lock (_gate)
            {
                return _dropped;
            }
        }
    }

    /// <summary>The channel clock (PCR) at the start of the latest chunk published: the live edge.</summary>
    public long? LiveClock
    {
        get
        {
            lock (_gate)
            {
                return _liveClock;
            }
        }
    }

    /// <summary>Completes when the next chunk is published (or the channel ends).</summary>
    public Task NextPublishAsync()
    {
        lock (_gate)
        {
            return _ended ? Task.CompletedTask : _published.Task;
        }
    }

    /// <summary>
    /// A new viewer starting at the timeline's <paramref name="present"/> (channel clock; null before the stream has
    /// one): from the kept keyframe nearest to it, or through a bridge from <paramref name="bridges"/> when that keyframe
    /// is too far and a bridge can be had. Null when the channel has ended.
    /// </summary>
    public ViewerConnection? Attach(long? present, JoinBridges? bridges = null)
    {
        var viewer = new ViewerConnection(viewerBufferBytes, time.GetUtcNow());
        BridgeStart? bridge = null;
        StandbyJoinStart? standbyJoin = null;
        lock (_gate)
        {
            if (_ended)
            {
                return null;
            }

            if (present is { } clock && bridges is not null && history.Around(clock) is var around && around.DistanceFrom(clock) > bridges.ToleranceTicks)
            {
                if (bridges.Standby?.Subscribe(clock) is { } subscription)
                {
                    standbyJoin = new StandbyJoinStart(viewer, clock, subscription);
                }
                else if (around.Previous is { } previous && bridges.TryReserve())
                {
                    var tap = NewTap();
                    _taps.Add(tap);
                    bridge = new BridgeStart(viewer, clock, history.FromKeyframe(previous), tap);
                }
            }

            if (bridge is not null || standbyJoin is not null)
            {
                viewer.Bridging = true;
                viewer.Stamper = new ContinuityStamper();
            }
            else
            {
                foreach (var chunk in history.From(present ?? long.MaxValue))
                {
                    viewer.Started = true;
                    viewer.Offer(chunk);
                }
            }

            _viewers.Add(viewer);
        }

        if (bridge is not null)
        {
            bridges!.Start(bridge);
        }
        else if (standbyJoin is not null)
        {
            bridges!.Start(standbyJoin);
        }

        return viewer;
    }

    /// <summary>
    /// For a long-lived reader of the whole output (the join standby): the kept chunks from the latest keyframe and a
    /// tap with everything published after them. Null when the channel has ended.
    /// </summary>
    public (IReadOnlyList<TsChunk> Backlog, BridgeTap Tap)? OpenTap()
    {
        lock (_gate)
        {
            if (_ended)
            {
                return null;
            }

            var tap = NewTap();
            _taps.Add(tap);
            return (history.FromLatestKeyframe(), tap);
        }
    }

    public void CloseTap(BridgeTap tap)
    {
        lock (_gate)
        {
            _taps.Remove(tap);
        }

        tap.Queue.Writer.TryComplete();
    }

    /// <summary>The chunk starting the first kept keyframe after <paramref name="clock"/>, once it has been published.</summary>
    public TsChunk? KeyframeAfter(long clock)
    {
        lock (_gate)
        {
            return history.KeyframeAfter(clock);
        }
    }

    public void Detach(ViewerConnection viewer)
    {
        lock (_gate)
        {
            _viewers.Remove(viewer);
        }

        viewer.End("the viewer left");
    }

    /// <summary>
    /// A bridge is over: its viewer gets the shared stream from the keyframe at <paramref name="junction"/>, where
    /// the bridge stopped, dropping shared audio before <paramref name="audioFloor"/>; without a junction (the bridge
    /// failed) it starts at the next keyframe published.
    /// </summary>
    public void CompleteBridge(BridgeStart bridge, long? junction, long? audioFloor)
    {
        lock (_gate)
        {
            _taps.Remove(bridge.Tap);
            bridge.Tap.Queue.Writer.TryComplete();
            HandOver(bridge.Viewer, junction, audioFloor);
        }
    }

    /// <summary>The same as <see cref="CompleteBridge"/> for a viewer that joined from the channel's join standby.</summary>
    public void CompleteStandbyJoin(ViewerConnection viewer, long? junction, long? audioFloor)
    {
        lock (_gate)
        {
            HandOver(viewer, junction, audioFloor);
        }
    }

    private static BridgeTap NewTap() =>
        new(Channel.CreateBounded<TsChunk>(new BoundedChannelOptions(TapCapacity) { SingleReader = true, SingleWriter = true }));

    /// <summary>Called under the gate: the viewer leaves its bridge for the shared stream at the junction keyframe.</summary>
    private void HandOver(ViewerConnection viewer, long? junction, long? audioFloor)
    {
        viewer.Bridging = false;
        if (!_viewers.Contains(viewer))
        {
            return;
        }

        var chunks = junction is { } key ? history.FromKeyframe(key) : [];
        if (chunks.Count == 0 || chunks[0].Clock != junction)
        {
            viewer.Started = false;
            return;
        }

        viewer.Started = true;
        var floor = audioFloor;
        foreach (var chunk in chunks)
        {
            if (!viewer.Offer(chunk, floor))
            {
                _viewers.Remove(viewer);
                _dropped++;
                return;
            }

            floor = null;
        }
    }

    /// <summary>Keeps the chunk and queues it for every viewer; returns how many viewers were dropped for falling behind.</summary>
    public int Publish(TsChunk chunk)
    {
        List<ViewerConnection>? dropped = null;
        TaskCompletionSource published;
        lock (_gate)
        {
            history.Add(chunk);
            _liveClock = chunk.Clock;
            published = _published;
            _published = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            foreach (var tap in _taps)
            {
                if (!tap.Queue.Writer.TryWrite(chunk))
                {
                    // The bridge cannot keep up: ending its input makes it stop and hand its viewer to the shared stream.
                    tap.Queue.Writer.TryComplete();
                }
            }

            foreach (var viewer in _viewers)
            {
                if (viewer.Bridging)
                {
                    continue;
                }

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

                _dropped += dropped.Count;
            }
        }

        published.TrySetResult();
        return dropped?.Count ?? 0;
    }

    /// <summary>Ends every viewer and refuses new ones: the channel stopped.</summary>
    public void End(string reason)
    {
        TaskCompletionSource published;
        lock (_gate)
        {
            _ended = true;
            foreach (var viewer in _viewers)
            {
                viewer.End(reason);
            }

            foreach (var tap in _taps)
            {
                tap.Queue.Writer.TryComplete();
            }

            _viewers.Clear();
            _taps.Clear();
            history.Clear();
            published = _published;
        }

        published.TrySetResult();
    }
}

/// <summary>The live chunks a bridge receives after its backlog; bounded, completed when the bridge must stop.</summary>
public sealed record BridgeTap(Channel<TsChunk> Queue);

/// <summary>
/// What a join bridge starts from: its viewer, the present it must start at (channel clock), the kept output from the
/// keyframe before it to the live edge, and the tap that brings what follows.
/// </summary>
public sealed record BridgeStart(ViewerConnection Viewer, long Present, IReadOnlyList<TsChunk> Backlog, BridgeTap Tap);

/// <summary>What a join from the channel's standby starts from: its viewer, the present (channel clock) and its view of the standby.</summary>
public sealed record StandbyJoinStart(ViewerConnection Viewer, long Present, StandbySubscription Subscription);
