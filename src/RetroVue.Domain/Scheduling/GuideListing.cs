namespace RetroVue.Domain.Scheduling;

/// <summary>One guide programme: the run of timeline entries sharing a guide key, filler included.</summary>
/// <param name="Programme">The first entry; every entry of the run carries the same guide text.</param>
public sealed record GuideListingItem(StoredTimelineEntry Programme, DateTimeOffset Start, DateTimeOffset Stop, int Entries, TimeSpan Filler);

public static class GuideListing
{
    /// <summary>Folds consecutive entries with the same guide key into programmes; <paramref name="ordered"/> is one channel's entries by start.</summary>
    public static List<GuideListingItem> Group(IReadOnlyList<StoredTimelineEntry> ordered)
    {
        var items = new List<GuideListingItem>();
        var i = 0;
        while (i < ordered.Count)
        {
            var first = ordered[i];
            var filler = TimeSpan.Zero;
            var j = i;
            while (j < ordered.Count && ordered[j].GuideKey == first.GuideKey && (j == i || ordered[j].Start == ordered[j - 1].End))
            {
                if (ordered[j].Kind != TimelineEntryKind.Program)
                {
                    filler += ordered[j].Duration;
                }

                j++;
            }

            items.Add(new GuideListingItem(first, first.Start, ordered[j - 1].End, j - i, filler));
            i = j;
        }

        return items;
    }
}
