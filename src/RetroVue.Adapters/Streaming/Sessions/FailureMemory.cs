using RetroVue.App.Streaming;

namespace RetroVue.Adapters.Streaming.Sessions;

/// <summary>
/// The files that already failed once on a channel. A killed or stalled ffmpeg may be the machine's fault (a signal,
/// memory, a slow disk, a starved CPU), so one failure of a file is forgiven and only a second one is a file problem.
/// Bounded: the oldest files are forgotten first.
/// </summary>
internal sealed class FailureMemory(int capacity = 256)
{
    private readonly HashSet<Guid> _failedOnce = [];
    private readonly Queue<Guid> _order = new();
    private PlayoutItem? _lastWithoutAsset;

    /// <summary>Records a failure of <paramref name="item"/>'s file; true when it had failed before.</summary>
    public bool FailedBefore(PlayoutItem item)
    {
        if (item.AssetId is not { } assetId)
        {
            // Nothing to remember it by but the timeline entry itself.
            var repeated = ReferenceEquals(_lastWithoutAsset, item);
            _lastWithoutAsset = item;
            return repeated;
        }

        if (!_failedOnce.Add(assetId))
        {
            return true;
        }

        _order.Enqueue(assetId);
        if (_order.Count > capacity)
        {
            _failedOnce.Remove(_order.Dequeue());
        }

        return false;
    }
}
