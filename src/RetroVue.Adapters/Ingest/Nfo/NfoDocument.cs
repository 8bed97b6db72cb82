namespace RetroVue.Adapters.Ingest.Nfo;

/// <summary>What a Kodi-style NFO file says: tvshow.nfo, an episode's .nfo, a movie's .nfo.</summary>
/// <param name="Root">The root element: "tvshow", "episodedetails" or "movie".</param>
/// <param name="Ids">Provider ids ("tvdb", "tmdb", "imdb") from uniqueid elements and the legacy id/imdbid elements.</param>
/// <param name="Rating">The default rating's value (or the first, or the plain rating element), 0-10.</param>
public sealed record NfoDocument(
    string Root,
    string? Title,
    string? Plot,
    int? Year,
    DateOnly? Aired,
    IReadOnlyList<string> Genres,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Studios,
    IReadOnlyDictionary<string, string> Ids,
    double? Rating,
    string? ContentRating);
