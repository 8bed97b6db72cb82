namespace RetroVue.Adapters.Plex;

/// <summary>
/// Which version plays when an item has several (Plex "Media"): a version whose files are all reachable
/// on this machine beats one that must stream through Plex; then the higher resolution (height, then width);
/// then the higher bitrate; then Plex's own order. The rule only ranks: every version is still imported.
/// </summary>
public static class PlexVersionRule
{
    public static int PreferredIndex(IReadOnlyList<PlexMedia> versions, Func<PlexMedia, bool> isLocallyReachable)
    {
        var best = -1;
        for (var i = 0; i < versions.Count; i++)
        {
            if (best < 0 || Compare(versions[i], versions[best], isLocallyReachable) > 0)
            {
                best = i;
            }
        }

        return best;
    }

    private static int Compare(PlexMedia a, PlexMedia b, Func<PlexMedia, bool> isLocallyReachable)
    {
        var byReach = isLocallyReachable(a).CompareTo(isLocallyReachable(b));
        if (byReach != 0)
        {
            return byReach;
        }

        var byHeight = (a.Height ?? 0).CompareTo(b.Height ?? 0);
        if (byHeight != 0)
        {
            return byHeight;
        }

        var byWidth = (a.Width ?? 0).CompareTo(b.Width ?? 0);
        return byWidth != 0 ? byWidth : (a.Bitrate ?? 0).CompareTo(b.Bitrate ?? 0);
    }
}
