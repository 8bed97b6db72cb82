using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Plex;

/// <summary>
/// Reads external ids out of Plex guids: the Guid[] list of new agents ("imdb://tt0111161", "tmdb://278",
/// "tvdb://74205") and the single guid of legacy agents ("com.plexapp.agents.imdb://tt0111161?lang=en",
/// "com.plexapp.agents.thetvdb://74205/1/1?lang=en", "com.plexapp.agents.hama://anidb-2127?lang=en").
/// A legacy episode guid names the show's id followed by season/episode numbers: that id belongs to the
/// show, so it goes to <c>parentIds</c>, never to the episode. "local://" and "...agents.none://" carry no id.
/// </summary>
public static class PlexGuids
{
    private const string LegacyAgentPrefix = "com.plexapp.agents.";

    /// <param name="guids">The item's Guid[] entries; they win over what the legacy guid says.</param>
    /// <param name="guid">The item's singular guid; kept whole (without its query) as the "plex-guid" id.</param>
    public static void Collect(IEnumerable<PlexGuidRef>? guids, string? guid, IDictionary<string, string> ids, IDictionary<string, string>? parentIds = null)
    {
        foreach (var entry in guids ?? [])
        {
            if (Split(entry.Id) is { } split && Provider(split.Scheme) is { } provider && FirstSegment(split.Remainder) is { } id)
            {
                ids.TryAdd(provider, id);
            }
        }

        if (Split(guid) is not { } guidParts)
        {
            return;
        }

        var (guidScheme, guidRest) = guidParts;
        ids.TryAdd(Providers.PlexGuid, StripQuery(guid!));
        if (!guidScheme.StartsWith(LegacyAgentPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var agent = guidScheme[LegacyAgentPrefix.Length..].ToLowerInvariant();
        var path = StripQuery(guidRest);
        var value = FirstSegment(path);
        if (value is null)
        {
            return;
        }

        var (legacyProvider, legacyId) = agent == "hama" ? HamaId(value) : (Provider(agent), value);
        if (legacyProvider is null || legacyId is null)
        {
            return;
        }

        var namesEpisodeOfShow = path.Contains('/', StringComparison.Ordinal);
        if (namesEpisodeOfShow)
        {
            parentIds?.TryAdd(legacyProvider, legacyId);
        }
        else
        {
            ids.TryAdd(legacyProvider, legacyId);
        }
    }

    private static (string Scheme, string Remainder)? Split(string? guid)
    {
        if (string.IsNullOrWhiteSpace(guid))
        {
            return null;
        }

        var separator = guid.IndexOf("://", StringComparison.Ordinal);
        return separator <= 0 ? null : (guid[..separator], guid[(separator + 3)..]);
    }

    private static string? Provider(string scheme) => scheme.ToLowerInvariant() switch
    {
        "imdb" => Providers.Imdb,
        "tmdb" or "themoviedb" => Providers.Tmdb,
        "tvdb" or "thetvdb" => Providers.Tvdb,
        "anidb" => Providers.AniDb,
        _ => null,
    };

    // HAMA (the anime agent) writes "anidb-2127" or "tvdb-347734".
    private static (string? Provider, string? Id) HamaId(string value)
    {
        var dash = value.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || dash == value.Length - 1)
        {
            return (null, null);
        }

        var source = value[..dash].ToLowerInvariant();
        var provider = source.StartsWith("tvdb", StringComparison.Ordinal) ? Providers.Tvdb : Provider(source);
        return (provider, value[(dash + 1)..]);
    }

    private static string StripQuery(string value)
    {
        var query = value.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? value : value[..query];
    }

    private static string? FirstSegment(string rest)
    {
        var value = StripQuery(rest);
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var first = (slash < 0 ? value : value[..slash]).Trim();
        return first.Length == 0 ? null : first;
    }
}
