namespace RetroVue.Adapters.Streaming.Sessions;

/// <summary>
/// Hands a channel's output to its viewers: every chunk goes to the recent history (so a tuning viewer starts at
/// once from a keyframe near the present) and to each viewer's bounded queue; a viewer too far behind is dropped
/// rather than slowing the others or growing memory.
/// </summary>
public sealed class ViewerFanout(GopHistory history, long viewerBufferBytes, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<ViewerConnection> _viewers = [];
    private bool _ended;
    private int _dropped;

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

    /// <summary>
    /// A new viewer, given the history from the keyframe nearest <paramref name="present"/> (the channel clock of
    /// the timeline's present; null before the stream has a clock); null when the channel has ended.
    /// </summary>
    public ViewerConnection? Attach(long? present)
    {
        var viewer = new ViewerConnection(viewerBufferBytes, time.GetUtcNow());
        lock (_gate)
        {
            if (_ended)
            {
                return null;
            }

            foreach (var chunk in history.From(present ?? long.MaxValue))
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

    /// <summary>Keeps the chunk and queues it for every viewer; returns how many viewers were dropped for falling behind.</summary>
    public int Publish(TsChunk chunk)
    {
        List<ViewerConnection>? dropped = null;
        lock (_gate)
        {
            history.Add(chunk);
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

            if (dropped is null)
            {
                return 0;
            }

            foreach (var viewer in dropped)
            {
                _viewers.Remove(viewer);
            }

            _dropped += dropped.Count;
            return dropped.Count;
        }
    }

    /// <summary>Ends every viewer and refuses new ones: the channel stopped.</summary>
    public void End(string reason)
    {
        lock (_gate)
        {
            _ended = true;
            foreach (var viewer in _viewers)
            {
                viewer.End(reason);
            }

            _viewers.Clear();
            history.Clear();
        }
    }
}
