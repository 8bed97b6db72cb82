namespace RetroVue.Adapters.Plex;

/// <summary>What an episode needs from its show, read once per show from the section's show listing.</summary>
public sealed record PlexShowInfo(string? Title, int? Year, string? Summary, string? ContentRating, IReadOnlyDictionary<string, string> Ids)
{
    public static PlexShowInfo From(PlexMetadata show)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        PlexGuids.Collect(show.Guids, show.Guid, ids);
        if (!string.IsNullOrEmpty(show.RatingKey))
        {
            ids.TryAdd(Domain.Library.Providers.PlexRatingKey, show.RatingKey);
        }

        return new PlexShowInfo(show.Title, show.Year, show.Summary, show.ContentRating, ids);
    }
}
