namespace RetroVue.Adapters.Plex;

/// <summary>What an episode needs from its show, read once per show from the section's show listing.</summary>
/// <param name="Labels">The show's genres, tags, studio and score; its episodes' titles get them.</param>
/// <param name="Thumb">The show's poster path; deliberately not in <see cref="Digest"/>: artwork is compared with the catalog instead, so adding it changed no fingerprint (and asked for no chapters again).</param>
public sealed record PlexShowInfo(string? Title, int? Year, string? Summary, string? ContentRating, IReadOnlyDictionary<string, string> Ids, string? Thumb = null, PlexLabels? Labels = null)
{
    /// <summary>
    /// Everything an episode takes from its show, as one string: part of each episode's fingerprint, so an edit of the
    /// show (its summary, rating, ids or labels) rewrites its episodes, and nothing else about the show does.
    /// </summary>
    public string Digest { get; } = string.Join(
        '\u001f',
        [Title, Year?.ToString(System.Globalization.CultureInfo.InvariantCulture), Summary, ContentRating, .. Ids.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value)])
        + (Labels is { IsEmpty: false } ? '\u001d' + Labels.Digest : string.Empty);

    public static PlexShowInfo From(PlexMetadata show)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        PlexGuids.Collect(show.Guids, show.Guid, ids);
        if (!string.IsNullOrEmpty(show.RatingKey))
        {
            ids.TryAdd(Domain.Library.Providers.PlexRatingKey, show.RatingKey);
        }

        return new PlexShowInfo(show.Title, show.Year, show.Summary, show.ContentRating, ids, show.Thumb, PlexLabels.From(show));
    }
}
