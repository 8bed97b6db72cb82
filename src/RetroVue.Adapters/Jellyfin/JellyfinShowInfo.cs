using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Jellyfin;

/// <summary>What an episode takes from its series, read once per series from the library's series listing.</summary>
public sealed record JellyfinShowInfo(
    string? Name,
    int? Year,
    string? Overview,
    string? OfficialRating,
    double? CommunityRating,
    IReadOnlyList<string> Genres,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Studios,
    IReadOnlyDictionary<string, string> Ids,
    bool HasPoster)
{
    /// <summary>Everything an episode takes from its series as one string: part of each episode's fingerprint, so a series edit rewrites its episodes.</summary>
    public string Digest { get; } = string.Join(
        '\u001f',
        [
            Name, Year?.ToString(System.Globalization.CultureInfo.InvariantCulture), Overview, OfficialRating,
            CommunityRating?.ToString(System.Globalization.CultureInfo.InvariantCulture), HasPoster ? "poster" : "",
            string.Join('\u001e', Genres), string.Join('\u001e', Tags), string.Join('\u001e', Studios),
            .. Ids.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value),
        ]);

    public static JellyfinShowInfo From(JellyfinItem series, JellyfinFlavor flavor)
    {
        var ids = JellyfinItemMapper.ProviderIdsOf(series);
        if (series.Id is { Length: > 0 } id)
        {
            ids.TryAdd(flavor.ItemProvider, id);
        }

        return new JellyfinShowInfo(
            series.Name,
            series.ProductionYear,
            series.Overview,
            series.OfficialRating,
            series.CommunityRating,
            series.Genres ?? [],
            series.Tags ?? [],
            (series.Studios ?? []).Select(s => s.Name).OfType<string>().ToList(),
            ids,
            series.ImageTags?.ContainsKey("Primary") == true);
    }
}
