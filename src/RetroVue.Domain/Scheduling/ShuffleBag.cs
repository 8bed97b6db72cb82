namespace RetroVue.Domain.Scheduling;

/// <summary>
/// Plays every item of a pool once, in an order fixed by the channel seed and the round, before any repeats.
/// Its whole state is (round, items drawn this round), so a bag rebuilt from a stored state continues identically.
/// </summary>
internal sealed class ShuffleBag
{
    private readonly ResolvedPool _pool;
    private readonly ulong _seed;
    private readonly HashSet<Guid> _drawn;
    private int[] _order = [];
    private bool[] _taken = [];
    private int _head;
    private int _remaining;

    public ShuffleBag(ResolvedPool pool, ulong channelSeed, ShuffleBagState? state)
    {
        _pool = pool;
        _seed = StableHash.Combine(channelSeed, StableHash.Of(pool.Name));
        Round = state?.Round ?? 0;
        _drawn = [.. state?.Drawn ?? []];
        Deal();
    }

    public int Round { get; private set; }

    /// <summary>
    /// Takes the first of the next <paramref name="maxScan"/> undrawn items that <paramref name="accept"/> allows
    /// (an item that does not fit now stays in the bag for later). Null when none of them is accepted.
    /// </summary>
    public CatalogItem? Take(Func<CatalogItem, bool> accept, int maxScan)
    {
        if (_remaining == 0)
        {
            Round++;
            _drawn.Clear();
            Deal();
        }

        var scanned = 0;
        for (var i = _head; i < _order.Length && scanned < maxScan; i++)
        {
            if (_taken[i])
            {
                continue;
            }

            scanned++;
            var item = _pool.Items[_order[i]];
            if (!accept(item))
            {
                continue;
            }

            _taken[i] = true;
            _remaining--;
            _drawn.Add(item.AssetId);
            while (_head < _order.Length && _taken[_head])
            {
                _head++;
            }

            return item;
        }

        return null;
    }

    public ShuffleBagState Export() => new(Round, [.. _drawn.Order()]);

    private void Deal()
    {
        var random = new StableRandom(StableHash.Combine(_seed, (ulong)Round));
        _order = new int[_pool.Items.Count];
        for (var i = 0; i < _order.Length; i++)
        {
            _order[i] = i;
        }

        for (var i = _order.Length - 1; i > 0; i--)
        {
            var j = random.NextIndex(i + 1);
            (_order[i], _order[j]) = (_order[j], _order[i]);
        }

        _taken = new bool[_order.Length];
        _remaining = _order.Length;
        for (var i = 0; i < _order.Length; i++)
        {
            if (_drawn.Contains(_pool.Items[_order[i]].AssetId))
            {
                _taken[i] = true;
                _remaining--;
            }
        }

        _head = 0;
        while (_head < _order.Length && _taken[_head])
        {
            _head++;
        }
    }
}
