using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Plex;

/// <summary>
/// Turns the Chapter and Marker arrays of a Plex detail answer into markers: chapters stay chapters (the scheduler puts
/// mid-roll breaks at their starts), "intro" becomes <see cref="MarkerKind.Intro"/>, "credits" <see cref="MarkerKind.Outro"/>;
/// other marker types (commercial, ...) are left out. Each entry is judged on its own: one with a missing or negative start,
/// an end before its start, or that starts at or after the end of the file (or ends more than
/// <see cref="EndTolerance"/> past it) is dropped, and the others are kept.
/// </summary>
public static class PlexChapterMarkers
{
    /// <summary>Plex's last chapter often ends a few milliseconds past the file's reported duration; that much is rounding, not nonsense.</summary>
    public static readonly TimeSpan EndTolerance = TimeSpan.FromSeconds(1);

    public sealed record Result(IReadOnlyList<MarkerFact> Markers, int Dropped);

    /// <param name="detail">The item as the detail request returned it.</param>
    /// <param name="duration">The length of the file the markers go to; null when unknown (then only the order of times is checked).</param>
    public static Result From(PlexMetadata detail, TimeSpan? duration)
    {
        var markers = new List<MarkerFact>();
        var dropped = 0;
        foreach (var chapter in detail.Chapters ?? [])
        {
            Keep(MarkerKind.Chapter, chapter.StartTimeOffset, chapter.EndTimeOffset, string.IsNullOrWhiteSpace(chapter.Tag) ? null : chapter.Tag.Trim());
        }

        foreach (var marker in detail.Markers ?? [])
        {
            MarkerKind? kind = marker.Type?.Trim().ToLowerInvariant() switch
            {
                "intro" => MarkerKind.Intro,
                "credits" => MarkerKind.Outro,
                _ => null,
            };
            if (kind is { } known)
            {
                Keep(known, marker.StartTimeOffset, marker.EndTimeOffset, null);
            }
        }

        return new Result(markers.OrderBy(m => m.Start).ThenBy(m => m.Kind).ToList(), dropped);

        void Keep(MarkerKind kind, long? startMs, long? endMs, string? label)
        {
            if (Valid(startMs, endMs, duration) is { } span)
            {
                markers.Add(new MarkerFact(kind, span.Start, span.End, label));
            }
            else
            {
                dropped++;
            }
        }
    }

    private static (TimeSpan Start, TimeSpan? End)? Valid(long? startMs, long? endMs, TimeSpan? duration)
    {
        if (startMs is not >= 0 || endMs < startMs)
        {
            return null;
        }

        var start = TimeSpan.FromMilliseconds(startMs.Value);
        TimeSpan? end = endMs > startMs ? TimeSpan.FromMilliseconds(endMs.Value) : null;
        if (duration is { } length && length > TimeSpan.Zero)
        {
            if (start >= length || end > length + EndTolerance)
            {
                return null;
            }

            if (end > length)
            {
                end = length;
            }
        }

        return (start, end);
    }
}
