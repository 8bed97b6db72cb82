using RetroVue.Adapters.Plex;

namespace RetroVue.Tests.Plex;

public sealed class PlexGuidsTests
{
    [Theory]
    [InlineData("com.plexapp.agents.imdb://tt0091635?lang=en", "imdb", "tt0091635")]
    [InlineData("com.plexapp.agents.themoviedb://10068?lang=en", "tmdb", "10068")]
    [InlineData("com.plexapp.agents.thetvdb://88651?lang=en", "tvdb", "88651")]
    [InlineData("com.plexapp.agents.hama://anidb-2127?lang=en", "anidb", "2127")]
    [InlineData("com.plexapp.agents.hama://tvdb-347734?lang=en", "tvdb", "347734")]
    public void A_legacy_agent_guid_of_a_movie_or_show_names_its_external_id(string guid, string provider, string id)
    {
        var ids = new Dictionary<string, string>();

        PlexGuids.Collect(null, guid, ids);

        Assert.Equal(id, ids[provider]);
        Assert.Equal(guid[..guid.IndexOf('?', StringComparison.Ordinal)], ids["plex-guid"]);
    }

    [Fact]
    public void A_legacy_episode_guid_gives_its_show_id_to_the_show_not_to_the_episode()
    {
        var episodeIds = new Dictionary<string, string>();
        var showIds = new Dictionary<string, string>();

        PlexGuids.Collect(null, "com.plexapp.agents.thetvdb://74205/1/1?lang=en", episodeIds, showIds);

        Assert.Equal("74205", showIds["tvdb"]);
        Assert.False(episodeIds.ContainsKey("tvdb"));
        Assert.Equal("com.plexapp.agents.thetvdb://74205/1/1", episodeIds["plex-guid"]);
    }

    [Fact]
    public void The_guid_list_of_new_agents_gives_imdb_tmdb_and_tvdb_and_wins_over_the_legacy_guid()
    {
        var ids = new Dictionary<string, string>();

        PlexGuids.Collect(
            [new PlexGuidRef { Id = "imdb://tt13015952" }, new PlexGuidRef { Id = "tmdb://2434012" }, new PlexGuidRef { Id = "tvdb://7945991" }, new PlexGuidRef { Id = "unknown://1" }, new PlexGuidRef()],
            "com.plexapp.agents.imdb://tt0000001?lang=en",
            ids);

        Assert.Equal(("tt13015952", "2434012", "7945991"), (ids["imdb"], ids["tmdb"], ids["tvdb"]));
        Assert.Equal(4, ids.Count);
    }

    [Theory]
    [InlineData("plex://episode/5f68d2a93109960041ef8aed")]
    [InlineData("local://40081")]
    [InlineData("com.plexapp.agents.none://40081?lang=xn")]
    public void Guids_without_an_external_id_give_only_the_plex_guid(string guid)
    {
        var ids = new Dictionary<string, string>();

        PlexGuids.Collect(null, guid, ids);

        Assert.Equal("plex-guid", Assert.Single(ids).Key);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    public void A_missing_or_malformed_guid_gives_nothing(string? guid)
    {
        var ids = new Dictionary<string, string>();

        PlexGuids.Collect([new PlexGuidRef { Id = "imdb://" }], guid, ids);

        Assert.Empty(ids);
    }
}
