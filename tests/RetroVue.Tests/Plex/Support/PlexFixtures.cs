using System.Text.Json.Nodes;

namespace RetroVue.Tests.Plex.Support;

/// <summary>The recorded Plex responses in Plex/Fixtures (MIT, see SOURCES.md there).</summary>
public static class PlexFixtures
{
    public static JsonNode Load(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Plex", "Fixtures", name + ".json")))!;

    /// <summary>The Metadata items of a recorded listing, to be paged by the fake server itself.</summary>
    public static List<JsonNode> Items(string name) =>
        Load(name)["MediaContainer"]!["Metadata"]!.AsArray().Select(item => item!.DeepClone()).ToList();

    /// <summary>The item of a recorded detail answer (library_metadata_episode, library_metadata_movie), to be listed as Plex lists it.</summary>
    public static JsonObject DetailItem(string name) => (JsonObject)Load(name)["MediaContainer"]!["Metadata"]![0]!.DeepClone();

    /// <summary>A detail answer for <paramref name="item"/> as includeChapters=1&amp;includeMarkers=1 returns it.</summary>
    public static JsonNode DetailWith(JsonObject item, JsonArray? chapters = null, JsonArray? markers = null)
    {
        var detail = (JsonObject)item.DeepClone();
        if (chapters is not null)
        {
            detail["Chapter"] = chapters;
        }

        if (markers is not null)
        {
            detail["Marker"] = markers;
        }

        return new JsonObject { ["MediaContainer"] = new JsonObject { ["size"] = 1, ["Metadata"] = new JsonArray(detail) } };
    }

    /// <summary>Plex's Chapter array: offsets in milliseconds.</summary>
    public static JsonArray Chapters(params (long StartMs, long EndMs, string Tag)[] chapters) =>
        new(chapters.Select((c, i) => (JsonNode)new JsonObject
        {
            ["id"] = 9000 + i,
            ["filter"] = $"thumb=1&index={i + 1}",
            ["index"] = i + 1,
            ["startTimeOffset"] = c.StartMs,
            ["endTimeOffset"] = c.EndMs,
            ["tag"] = c.Tag,
            ["thumb"] = $"/library/media/1/chapterImages/{i + 1}",
        }).ToArray());

    /// <summary>Plex's Marker array ("intro", "credits", ...): offsets in milliseconds.</summary>
    public static JsonArray Markers(params (string Type, long StartMs, long EndMs)[] markers) =>
        new(markers.Select((m, i) => (JsonNode)new JsonObject
        {
            ["id"] = 7000 + i,
            ["type"] = m.Type,
            ["startTimeOffset"] = m.StartMs,
            ["endTimeOffset"] = m.EndMs,
            ["final"] = m.Type == "credits",
        }).ToArray());
}

/// <summary>Libraries made up for tests: predictable keys, titles, files and stream facts.</summary>
public static class GeneratedLibrary
{
    public const long UpdatedAt = 1_700_000_000;

    public static string ShowKey(int show) => (100_000 + show).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string EpisodeKey(int show, int episode) => (1_000_000 + (show * 1000) + episode).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static JsonObject Show(int show) => new()
    {
        ["ratingKey"] = ShowKey(show),
        ["key"] = $"/library/metadata/{ShowKey(show)}/children",
        ["guid"] = $"plex://show/{show:x24}",
        ["type"] = "show",
        ["title"] = $"Show {show:000}",
        ["year"] = 1990 + (show % 30),
        ["summary"] = $"Summary of show {show}",
        ["contentRating"] = "TV-PG",
        ["addedAt"] = UpdatedAt,
        ["updatedAt"] = UpdatedAt,
        ["Guid"] = new JsonArray(new JsonObject { ["id"] = $"tvdb://{70_000 + show}" }),
    };

    /// <summary>Episode <paramref name="index"/> (0-based) of a show with 50 episodes per... season 1 holds all of them.</summary>
    public static JsonObject Episode(int show, int episode, string? fileRoot = "/data/tv") => new()
    {
        ["ratingKey"] = EpisodeKey(show, episode),
        ["key"] = $"/library/metadata/{EpisodeKey(show, episode)}",
        ["guid"] = $"plex://episode/{show:x12}{episode:x12}",
        ["type"] = "episode",
        ["title"] = $"Episode {episode}",
        ["grandparentRatingKey"] = ShowKey(show),
        ["grandparentTitle"] = $"Show {show:000}",
        ["parentIndex"] = 1,
        ["index"] = episode,
        ["summary"] = $"Episode {episode} of show {show}",
        ["originallyAvailableAt"] = "2001-02-03",
        ["duration"] = 1_320_000,
        ["addedAt"] = UpdatedAt - 100,
        ["updatedAt"] = UpdatedAt,
        ["Guid"] = new JsonArray(new JsonObject { ["id"] = $"tvdb://{(show * 1000) + episode}" }),
        ["Media"] = new JsonArray(new JsonObject
        {
            ["id"] = (show * 1000) + episode,
            ["duration"] = 1_320_000,
            ["bitrate"] = 2500,
            ["width"] = 1280,
            ["height"] = 720,
            ["audioChannels"] = 2,
            ["audioCodec"] = "aac",
            ["videoCodec"] = "h264",
            ["videoResolution"] = "720",
            ["videoFrameRate"] = "24p",
            ["container"] = "mkv",
            ["Part"] = new JsonArray(new JsonObject
            {
                ["id"] = 500_000 + (show * 1000) + episode,
                ["key"] = $"/library/parts/{500_000 + (show * 1000) + episode}/1700000000/file.mkv",
                ["duration"] = 1_320_000,
                ["file"] = $"{fileRoot}/Show {show:000}/Season 01/Show {show:000} - S01E{episode:00}.mkv",
                ["size"] = 300_000_000L + episode,
                ["container"] = "mkv",
            }),
        }),
    };

    /// <summary>Serves <paramref name="shows"/> x <paramref name="episodesPerShow"/> episodes as show section "2".</summary>
    public static void ServeShows(FakePlexServer server, int shows, int episodesPerShow, string sectionKey = "2")
    {
        server.SetGeneratedItems(sectionKey, 2, shows, Show);
        server.SetGeneratedItems(sectionKey, 4, shows * episodesPerShow, i => Episode(i / episodesPerShow, (i % episodesPerShow) + 1));
    }
}
