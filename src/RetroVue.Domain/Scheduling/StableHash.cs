namespace RetroVue.Domain.Scheduling;

/// <summary>
/// Hashes and pseudo-random numbers that are the same on every machine and in every process, so a
/// schedule rebuilt tomorrow picks exactly what it picked today. (string.GetHashCode is randomized per process.)
/// </summary>
public static class StableHash
{
    public static ulong Of(string text)
    {
        // FNV-1a over UTF-16 code units.
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }

        return Mix(hash);
    }

    /// <summary>SplitMix64's finalizer: spreads every input bit over the output.</summary>
    public static ulong Mix(ulong value)
    {
        value += 0x9E3779B97F4A7C15UL;
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }

    public static ulong Combine(ulong a, ulong b) => Mix(a ^ Mix(b));

    public static ulong Combine(ulong a, ulong b, ulong c) => Combine(Combine(a, b), c);

    /// <summary>An index in [0, count) drawn from a hash.</summary>
    public static int Index(ulong hash, int count) => (int)((hash >> 1) % (ulong)count);
}

/// <summary>A SplitMix64 sequence: used to shuffle bags reproducibly.</summary>
public struct StableRandom(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return StableHash.Mix(_state);
    }

    public int NextIndex(int count) => StableHash.Index(Next(), count);
}
