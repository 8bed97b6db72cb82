using System.Globalization;

namespace RetroVue.Adapters.Plex;

/// <summary>
/// The genres, tags (Plex collections and labels) and studio of a movie or show, and its score, as a section listing
/// gives them. A listing carries only the first few genres of an item (a detail answer has all); asking for details per
/// item would cost one request per title on every sync, so RetroVue keeps what the listing says.
/// </summary>
public sealed record PlexLabels(IReadOnlyList<string> Genres, IReadOnlyList<string> Tags, IReadOnlyList<string> Studios, double? CommunityRating)
{
    /// <summary>What the labels say, as one string: part of the fingerprints, so an edit of a genre rewrites the title.</summary>
    public string Digest =>
        string.Join(
            '\u001e',
            string.Join('\u001f', Genres),
            string.Join('\u001f', Tags),
            string.Join('\u001f', Studios),
            CommunityRating?.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>No genre, tag, studio or score.</summary>
    public bool IsEmpty => Genres.Count == 0 && Tags.Count == 0 && Studios.Count == 0 && CommunityRating is null;

    public static PlexLabels From(PlexMetadata item) => new(
        TextsOf(item.Genres),
        [.. TextsOf(item.Collections), .. TextsOf(item.Labels)],
        string.IsNullOrWhiteSpace(item.Studio) ? [] : [item.Studio],
        ScoreOf(item));

    /// <summary>
    /// The audience's score, else the critics'; a value outside 0-10 is not a score (some agents put a count in "rating",
    /// as in Plex's own recorded answers) and is left out.
    /// </summary>
    private static double? ScoreOf(PlexMetadata item) =>
        item.AudienceRating is >= 0 and <= 10 ? item.AudienceRating
        : item.Rating is >= 0 and <= 10 ? item.Rating
        : null;

    private static List<string> TextsOf(List<PlexTag>? tags) =>
        tags is null ? [] : tags.Select(t => t.Tag).OfType<string>().Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
}
