using System.Globalization;
using System.Text.Json.Nodes;

namespace RetroVue.Tests.Jellyfin.Support;

/// <summary>
/// BaseItemDto payloads as Jellyfin 10.10 and Emby 4.8 write them for /Items with the fields RetroVue asks for
/// (written for these tests, in the documented shape: PascalCase, ticks of 100 ns, ISO dates with seven decimals).
/// </summary>
public static class JellyfinPayloads
{
    public static readonly DateTimeOffset Saved = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static string SeriesId(int show) => $"5e1e5{show:D27}";

    public static string EpisodeId(int show, int episode) => $"e915d{show:D4}{episode:D23}";

    public static string MovieId(int movie) => $"4d0f1{movie:D27}";

    public static JsonObject Series(int show) => new()
    {
        ["Name"] = $"Show {show}",
        ["ServerId"] = FakeJellyfinServer.ServerId,
        ["Id"] = SeriesId(show),
        ["DateCreated"] = Stamp(Saved),
        ["DateLastSaved"] = Stamp(Saved),
        ["Path"] = $"/media/tv/Show {show}",
        ["Overview"] = $"The story of show {show}.",
        ["OfficialRating"] = "TV-PG",
        ["CommunityRating"] = 7.9,
        ["ProductionYear"] = 1990 + show,
        ["Genres"] = new JsonArray("Comedy", "Family"),
        ["Tags"] = new JsonArray("Christmas"),
        ["Studios"] = new JsonArray(new JsonObject { ["Name"] = "NBC", ["Id"] = "c0ffee" }),
        ["ProviderIds"] = new JsonObject { ["Tvdb"] = (70000 + show).ToString(CultureInfo.InvariantCulture), ["Imdb"] = $"tt00{show:D5}" },
        ["IsFolder"] = true,
        ["Type"] = "Series",
        ["ImageTags"] = new JsonObject { ["Primary"] = "a1b2c3" },
        ["LocationType"] = "FileSystem",
    };

    public static JsonObject Episode(int show, int episode, string root = "/media/tv", long ticks = 13_200_000_000) => new()
    {
        ["Name"] = $"Episode {episode}",
        ["ServerId"] = FakeJellyfinServer.ServerId,
        ["Id"] = EpisodeId(show, episode),
        ["DateCreated"] = Stamp(Saved),
        ["DateLastSaved"] = Stamp(Saved),
        ["Container"] = "mkv",
        ["PremiereDate"] = Stamp(new DateTimeOffset(1990 + show, 1, episode, 0, 0, 0, TimeSpan.Zero)),
        ["OfficialRating"] = "TV-PG",
        ["RunTimeTicks"] = ticks,
        ["ProductionYear"] = 1990 + show,
        ["IndexNumber"] = episode,
        ["ParentIndexNumber"] = 1,
        ["IsFolder"] = false,
        ["Type"] = "Episode",
        ["SeriesName"] = $"Show {show}",
        ["SeriesId"] = SeriesId(show),
        ["SeasonId"] = $"5ea50{show:D27}",
        ["SeasonName"] = "Season 1",
        ["Path"] = $"{root}/Show {show}/Season 01/Show {show} - S01E{episode:D2}.mkv",
        ["Overview"] = $"Episode {episode} of show {show}.",
        ["ProviderIds"] = new JsonObject { ["Tvdb"] = (900000 + (show * 100) + episode).ToString(CultureInfo.InvariantCulture) },
        ["ImageTags"] = new JsonObject { ["Primary"] = "e1e2e3" },
        ["SeriesPrimaryImageTag"] = "a1b2c3",
        ["LocationType"] = "FileSystem",
        ["MediaType"] = "Video",
        ["MediaSources"] = new JsonArray(MediaSource(EpisodeId(show, episode), $"{root}/Show {show}/Season 01/Show {show} - S01E{episode:D2}.mkv", ticks)),
    };

    public static JsonObject Movie(int movie, string root = "/media/movies") => new()
    {
        ["Name"] = $"Movie {movie}",
        ["ServerId"] = FakeJellyfinServer.ServerId,
        ["Id"] = MovieId(movie),
        ["DateCreated"] = Stamp(Saved),
        ["DateLastSaved"] = Stamp(Saved),
        ["Container"] = "mp4",
        ["PremiereDate"] = Stamp(new DateTimeOffset(1984, 6, 8, 0, 0, 0, TimeSpan.Zero)),
        ["OfficialRating"] = "PG",
        ["CommunityRating"] = 8.4,
        ["RunTimeTicks"] = 63_000_000_000L,
        ["ProductionYear"] = 1984,
        ["IsFolder"] = false,
        ["Type"] = "Movie",
        ["Path"] = $"{root}/Movie {movie} (1984)/Movie {movie} (1984).mp4",
        ["Overview"] = $"Movie {movie}.",
        ["Genres"] = new JsonArray("Comedy", "Science Fiction"),
        ["Tags"] = new JsonArray("80s"),
        ["Studios"] = new JsonArray(new JsonObject { ["Name"] = "Columbia Pictures", ["Id"] = "c01" }),
        ["ProviderIds"] = new JsonObject { ["Tmdb"] = (620 + movie).ToString(CultureInfo.InvariantCulture), ["Imdb"] = $"tt0087{movie:D3}", ["TmdbCollection"] = "2980" },
        ["ImageTags"] = new JsonObject { ["Primary"] = "m1m2m3" },
        ["LocationType"] = "FileSystem",
        ["MediaType"] = "Video",
        ["MediaSources"] = new JsonArray(MediaSource(MovieId(movie), $"{root}/Movie {movie} (1984)/Movie {movie} (1984).mp4", 63_000_000_000L)),
    };

    public static JsonObject MediaSource(string id, string path, long ticks) => new()
    {
        ["Protocol"] = "File",
        ["Id"] = id,
        ["Path"] = path,
        ["Type"] = "Default",
        ["Container"] = Path.GetExtension(path).TrimStart('.'),
        ["Size"] = 734_003_200L,
        ["Name"] = Path.GetFileNameWithoutExtension(path),
        ["IsRemote"] = false,
        ["RunTimeTicks"] = ticks,
        ["SupportsDirectStream"] = true,
        ["Bitrate"] = 4_448_000,
        ["MediaStreams"] = new JsonArray(
            new JsonObject
            {
                ["Codec"] = "h264",
                ["Profile"] = "High",
                ["Type"] = "Video",
                ["Index"] = 0,
                ["Width"] = 1440,
                ["Height"] = 1080,
                ["RealFrameRate"] = 23.976025,
                ["AverageFrameRate"] = 23.976025,
                ["BitRate"] = 4_000_000,
                ["IsDefault"] = true,
                ["Language"] = "eng",
            },
            new JsonObject
            {
                ["Codec"] = "ac3",
                ["Type"] = "Audio",
                ["Index"] = 1,
                ["Channels"] = 6,
                ["SampleRate"] = 48000,
                ["IsDefault"] = true,
                ["Language"] = "eng",
            }),
    };
}
