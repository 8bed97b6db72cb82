using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.Adapters;
using RetroVue.Adapters.Plex;
using RetroVue.App;
using RetroVue.App.Common;
using RetroVue.App.Ingest;
using RetroVue.Domain.Library;
using RetroVue.Tests.Plex.Support;
using Xunit.Abstractions;

namespace RetroVue.Tests.Plex;

public sealed class PlexImporterTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private FakePlexServer _server = null!;
    private readonly PlexTestHost _host = new();

    public async Task InitializeAsync() => _server = await FakePlexServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Maps_the_recorded_episodes_to_episodes_with_metadata_ids_and_stream_facts()
    {
        ServeRecordedLibrary();

        var (assets, scan) = await _host.DiscoverAsync(PlexTestHost.PlexSource(_server, libraries: "TV Series"));

        Assert.False(scan.ListingFailed);
        Assert.Equal(10, assets.Count);
        Assert.Equal(10, scan.FilesSeen);
        var first = assets.Single(a => a.Metadata!.EpisodeIds["plex"] == "45522");
        Assert.Equal("/TV Shows/Alice in Borderland (2020)/Season 01/Alice in Borderland (2020) - S01E01 - Episode 1 WEBDL-2160p.mkv", first.CanonicalPath);
        var identity = Assert.IsType<EpisodeIdentity>(first.Identity);
        Assert.Equal(("Alice in Borderland", (int?)null, 1, "Episode 1"), (identity.ShowName, identity.ShowYear, identity.SeasonNumber, identity.EpisodeTitle));
        Assert.Equal([1], identity.EpisodeNumbers);
        var metadata = first.Metadata!;
        Assert.StartsWith("Arisu and his friends run into a public bathroom", metadata.EpisodeSummary);
        Assert.Equal(new DateOnly(2020, 12, 10), metadata.AirDate);
        Assert.Equal("TV-MA", metadata.EpisodeContentRating);
        Assert.Equal("tt13015952", metadata.EpisodeIds["imdb"]);
        Assert.Equal("2434012", metadata.EpisodeIds["tmdb"]);
        Assert.Equal("7945991", metadata.EpisodeIds["tvdb"]);
        Assert.Equal("plex://episode/5f68d2a93109960041ef8aed", metadata.EpisodeIds["plex-guid"]);
        Assert.Equal("45520", metadata.TitleIds["plex"]);
        Assert.Equal("plex://show/5e16253691c20300412003a8", metadata.TitleIds["plex-guid"]);
        Assert.Equal("78862", metadata.AssetIds["plex-part"]);
        Assert.Equal("49519", metadata.AssetIds["plex-media"]);
        Assert.Equal("/library/parts/78862/1644697576/file.mkv", metadata.StreamKey);
        Assert.False(metadata.LocallyReachable);
        Assert.True(metadata.IsPreferredVersion);
        Assert.StartsWith("plex1:", metadata.SourceFingerprint);

        var facts = metadata.KnownFacts!;
        Assert.Equal(("mkv", TimeSpan.FromMilliseconds(2_911_520), 11_961_000L), (facts.Container, facts.Duration!.Value, facts.BitRate!.Value));
        Assert.Equal(("hevc", 3840, 2160), (facts.Streams[0].Codec, facts.Streams[0].Width, facts.Streams[0].Height));
        Assert.Equal(23.976, facts.Streams[0].FrameRate!.Value, 3);
        Assert.Equal(("eac3", 6), (facts.Streams[1].Codec, facts.Streams[1].Channels));

        // No updatedAt in this recording: the fingerprint falls back to addedAt.
        Assert.Equal(FileFingerprint.Of(4_354_485_068, DateTimeOffset.FromUnixTimeSeconds(1_633_811_171)), first.Fingerprint);
        var edited = assets.Single(a => a.Metadata!.EpisodeIds["plex"] == "45524");
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_644_710_590), edited.Fingerprint.ModifiedAt);
        var seasonTwo = assets.Where(a => ((EpisodeIdentity)a.Identity).SeasonNumber == 2).ToList();
        Assert.Equal(2, seasonTwo.Count);
    }

    [Fact]
    public async Task Maps_the_recorded_movies_with_year_summary_rating_and_external_ids()
    {
        ServeRecordedLibrary();

        var (assets, scan) = await _host.DiscoverAsync(PlexTestHost.PlexSource(_server, libraries: "Movies"));

        Assert.False(scan.ListingFailed);
        Assert.Equal(5, assets.Count);
        var movie = assets.Single(a => a.Metadata!.TitleIds["plex"] == "9881");
        Assert.Equal(new MovieIdentity("9½ Weeks", 1986), movie.Identity);
        var metadata = movie.Metadata!;
        Assert.StartsWith("An erotic story", metadata.TitleSummary);
        Assert.Equal("nl/12", metadata.TitleContentRating);
        Assert.Equal(("tt0091635", "10068", "1165"), (metadata.TitleIds["imdb"], metadata.TitleIds["tmdb"], metadata.TitleIds["tvdb"]));
        Assert.Empty(metadata.EpisodeIds);
        Assert.Null(metadata.AirDate);
        Assert.Equal("dts", metadata.KnownFacts!.Streams[1].Codec);
        Assert.Equal(FileFingerprint.Of(11_394_952_434, DateTimeOffset.FromUnixTimeSeconds(1_723_182_007)), movie.Fingerprint);
    }

    [Fact]
    public async Task Episodes_take_year_summary_rating_and_ids_from_the_recorded_show_listing()
    {
        ServeRecordedLibrary();

        var (assets, scan) = await _host.DiscoverAsync(PlexTestHost.PlexSource(_server, libraries: """["Anime"]"""));

        Assert.False(scan.ListingFailed);
        var episode = Assert.Single(assets);
        var identity = Assert.IsType<EpisodeIdentity>(episode.Identity);
        Assert.Equal(("07-Ghost", (int?)2009, 1, 1, "Kapitel 1"), (identity.ShowName, identity.ShowYear, identity.SeasonNumber, Assert.Single(identity.EpisodeNumbers), identity.EpisodeTitle));
        var metadata = episode.Metadata!;
        Assert.StartsWith("Set in a gothic fantasy world", metadata.TitleSummary);
        Assert.Equal("TV-PG", metadata.TitleContentRating);
        Assert.Equal(("88651", "28580"), (metadata.TitleIds["tvdb"], metadata.TitleIds["plex"]));
        Assert.False(metadata.EpisodeIds.ContainsKey("tvdb"));
    }

    [Fact]
    public async Task Without_a_libraries_setting_every_movie_and_show_library_is_listed()
    {
        ServeRecordedLibrary();

        var (assets, scan) = await _host.DiscoverAsync(PlexTestHost.PlexSource(_server));

        Assert.False(scan.ListingFailed);
        Assert.Equal(10 + 5 + 1, assets.Count);
        var listedSections = _server.Requests.Where(r => r.IsListing).Select(r => r.Path.Split('/')[3]).ToHashSet();
        Assert.Equal(["1", "10", "12", "13", "14", "15", "16", "17", "2", "3", "5", "6", "7"], listedSections.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("9", listedSections); // Music
    }

    [Fact]
    public async Task A_library_name_plex_does_not_have_fails_the_listing_so_nothing_is_retired()
    {
        ServeRecordedLibrary();

        var (assets, scan) = await _host.DiscoverAsync(PlexTestHost.PlexSource(_server, libraries: "Movies, Cartoons, Music"));

        Assert.Equal(5, assets.Count);
        Assert.True(scan.ListingFailed);
        Assert.False(scan.MayRetire(assets[0].CanonicalPath));
        Assert.Contains(scan.Problems, p => p.Message.Contains("has no library named 'Cartoons'", StringComparison.Ordinal));
        Assert.Contains(scan.Problems, p => p.Message.Contains("'Music' holds artist items", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Imports_10000_episodes_with_53_requests_and_no_detail_requests()
    {
        _server.SetSections(("2", "show", "TV"));
        GeneratedLibrary.ServeShows(_server, shows: 200, episodesPerShow: 50);
        var stopwatch = Stopwatch.StartNew();

        var (assets, scan) = await _host.DiscoverAsync(PlexTestHost.PlexSource(_server));

        stopwatch.Stop();
        output.WriteLine($"10,000 episodes: {stopwatch.ElapsedMilliseconds} ms, {_server.Requests.Count} requests");
        Assert.False(scan.ListingFailed);
        Assert.Equal(10_000, assets.Count);
        Assert.Equal(10_000, assets.Select(a => a.CanonicalPath).Distinct().Count());
        Assert.Equal(1 + 1 + 1 + 50, _server.Requests.Count); // identity, sections, shows, episodes
        Assert.Equal(0, _server.DetailRequests);
        var sample = (EpisodeIdentity)assets[777].Identity;
        Assert.Equal(("Show 015", 2005), (sample.ShowName, sample.ShowYear));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task An_outage_mid_listing_keeps_what_was_listed_but_marks_the_listing_failed()
    {
        _server.SetSections(("1", "movie", "Films"), ("2", "show", "TV"));
        GeneratedLibrary.ServeShows(_server, shows: 2, episodesPerShow: 300);
        _server.InjectFault = request => request.IsListing && request.Query["type"] == "4" && request.Start == 200 ? Fault.Status(503) : null;

        var (assets, scan) = await _host.DiscoverAsync(PlexTestHost.PlexSource(_server, libraries: "TV,Films"));

        Assert.Equal(200, assets.Count);
        Assert.True(scan.ListingFailed);
        Assert.All(assets, a => Assert.False(scan.MayRetire(a.CanonicalPath)));
        var problem = Assert.Single(scan.Problems);
        Assert.StartsWith("Listing library 'TV' of Plex source 'plex1' failed; nothing is retired this time. Plex at ", problem.Message);
        Assert.Contains("kept failing", problem.Message);

        // The server is down: the next library is not tried, so there is no retry storm.
        Assert.DoesNotContain(_server.Requests, r => r.Path.StartsWith("/library/sections/1/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_timeout_mid_listing_marks_the_listing_failed()
    {
        using var host = new PlexTestHost(options =>
        {
            options.RequestTimeout = TimeSpan.FromMilliseconds(250);
            options.MaxRetries = 1;
        });
        _server.SetSections(("2", "show", "TV"));
        GeneratedLibrary.ServeShows(_server, shows: 2, episodesPerShow: 300);
        _server.InjectFault = request => request.IsListing && request.Start == 400 ? Fault.Hang : null;

        var (assets, scan) = await host.DiscoverAsync(PlexTestHost.PlexSource(_server));

        Assert.Equal(400, assets.Count);
        Assert.True(scan.ListingFailed);
        Assert.Contains("did not answer", Assert.Single(scan.Problems).Message);
    }

    [Fact]
    public async Task Malformed_json_in_one_library_fails_the_listing_but_other_libraries_are_still_read()
    {
        _server.SetSections(("2", "show", "TV"), ("1", "movie", "Films"));
        GeneratedLibrary.ServeShows(_server, shows: 1, episodesPerShow: 3);
        _server.SetItems("1", 1, [Movie("m1", "Heat", "/data/movies/Heat.mkv")]);
        _server.InjectFault = request => request.IsListing && request.Query["type"] == "4" ? Fault.Body("{\"MediaContainer\": [}") : null;

        var (assets, scan) = await _host.DiscoverAsync(PlexTestHost.PlexSource(_server));

        Assert.Equal(new MovieIdentity("Heat", 1995), Assert.Single(assets).Identity);
        Assert.True(scan.ListingFailed);
        Assert.Contains("malformed JSON", Assert.Single(scan.Problems).Message);
    }

    [Fact]
    public async Task An_expired_token_marks_the_listing_failed_with_a_clear_message_and_is_not_retried()
    {
        ServeRecordedLibrary();

        var (assets, scan) = await _host.DiscoverAsync(PlexTestHost.PlexSource(_server, token: "expired-token-9999"));

        Assert.Empty(assets);
        Assert.True(scan.ListingFailed);
        Assert.Contains("Plex rejected the token (401):", Assert.Single(scan.Problems).Message);
        Assert.Equal(2, _server.Requests.Count); // identity needs no token; sections is refused once
    }

    [Fact]
    public async Task An_unreachable_server_marks_the_listing_failed()
    {
        var url = _server.BaseUri.ToString();
        await _server.DisposeAsync();
        var source = new Source("plex1", SourceKind.Plex, new Dictionary<string, string> { ["url"] = url, ["token"] = "tok-123456" }, DateTimeOffset.UnixEpoch);

        var (assets, scan) = await _host.DiscoverAsync(source);

        Assert.Empty(assets);
        Assert.True(scan.ListingFailed);
        Assert.Contains("could not be reached for GET /identity", Assert.Single(scan.Problems).Message);
        _server = await FakePlexServer.StartAsync();
    }

    [Theory]
    [InlineData(null, "tok", "has no url setting")]
    [InlineData("http://plex:32400", null, "has no token setting")]
    [InlineData("plex:32400", "tok", "is not a Plex server URL")]
    public async Task Missing_or_bad_settings_stop_the_import_with_a_clear_error(string? url, string? token, string expected)
    {
        var settings = new Dictionary<string, string>();
        if (url is not null)
        {
            settings["url"] = url;
        }

        if (token is not null)
        {
            settings["token"] = token;
        }

        var source = new Source("plex1", SourceKind.Plex, settings, DateTimeOffset.UnixEpoch);

        var error = await Assert.ThrowsAsync<UserFacingException>(() => _host.DiscoverAsync(source));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_libraries_setting_that_is_not_a_json_list_gets_a_clear_error()
    {
        var error = Assert.Throws<UserFacingException>(() => PlexSourceSettings.ParseLibraries("plex1", "[\"TV\""));

        Assert.Contains("not a JSON list of names", error.Message);
        Assert.Equal(["TV Shows", "Films, old"], PlexSourceSettings.ParseLibraries("plex1", """[" TV Shows ", "Films, old", ""]"""));
        Assert.Equal(["TV Shows", "Films"], PlexSourceSettings.ParseLibraries("plex1", "TV Shows, Films,,tv shows"));
    }

    [Fact]
    public async Task Windows_paths_are_mapped_and_the_reachable_version_is_preferred()
    {
        using var folder = new TemporaryFolder();
        var local = Directory.CreateDirectory(Path.Combine(folder.Path, "movies", "Heat (1995)")).FullName;
        File.WriteAllBytes(Path.Combine(local, "Heat 1080p.mkv"), []);
        File.WriteAllBytes(Path.Combine(local, "Amélie 🎬 cd1.avi"), []);
        var heat = Movie("10", "Heat", @"D:\Media\Movies\Heat (1995)\Heat 2160p.mkv", height: 2160);
        heat["Media"]!.AsArray().Add(((JsonObject)Movie("10", "Heat", @"d:\media\MOVIES\Heat (1995)\Heat 1080p.mkv", height: 1080)["Media"]![0]!).DeepClone());
        heat["Media"]![1]!["id"] = 2;
        heat["Media"]![1]!["Part"]![0]!["id"] = 22;
        var amelie = Movie("11", "Amélie 🎬", @"D:\Media\Movies\Heat (1995)\Amélie 🎬 cd1.avi");
        amelie["Media"]![0]!["Part"]!.AsArray().Add(new JsonObject { ["id"] = 12, ["file"] = @"D:\Media\Movies\Heat (1995)\Amélie 🎬 cd2.avi", ["size"] = 5, ["duration"] = 1000 });
        amelie["Media"]![0]!["Part"]![0]!["id"] = 111;
        var elsewhere = Movie("12", "Elsewhere", @"E:\Other\Elsewhere.mkv");
        elsewhere["Media"]![0]!["Part"]![0]!["id"] = 120;
        _server.SetSections(("1", "movie", "Films"));
        _server.SetItems("1", 1, [heat, amelie, elsewhere]);
        var source = PlexTestHost.PlexSource(_server);
        source.AddPathMapping(@"D:\Media\Movies", Path.Combine(folder.Path, "movies"));

        var (assets, scan) = await _host.DiscoverAsync(source);

        Assert.False(scan.ListingFailed);
        Assert.Equal(5, assets.Count);
        var heat4k = assets.Single(a => a.Metadata!.AssetIds["plex-part"] == "100");
        var heat1080 = assets.Single(a => a.Metadata!.AssetIds["plex-part"] == "22");
        Assert.Equal($"{folder.Path}/movies/Heat (1995)/Heat 2160p.mkv", heat4k.CanonicalPath);
        Assert.Equal($"{folder.Path}/movies/Heat (1995)/Heat 1080p.mkv", heat1080.CanonicalPath);
        Assert.Equal((false, false), (heat4k.Metadata!.LocallyReachable, heat4k.Metadata.IsPreferredVersion));
        Assert.Equal((true, true), (heat1080.Metadata!.LocallyReachable, heat1080.Metadata.IsPreferredVersion));

        var parts = assets.Where(a => a.Identity is MovieIdentity { Name: "Amélie 🎬" }).OrderBy(a => a.Metadata!.PartNumber).ToList();
        Assert.Equal([(1, 2, true), (2, 2, false)], parts.Select(p => (p.Metadata!.PartNumber, p.Metadata.PartCount, p.Metadata.LocallyReachable)));
        Assert.EndsWith("/movies/Heat (1995)/Amélie 🎬 cd2.avi", parts[1].CanonicalPath);

        var unmapped = assets.Single(a => a.Identity is MovieIdentity { Name: "Elsewhere" });
        Assert.Equal($"plex://{FakePlexServer.MachineIdentifier}/parts/120", unmapped.CanonicalPath);
        Assert.Null(unmapped.Metadata!.LocalPath);
        Assert.Equal(@"E:\Other\Elsewhere.mkv", unmapped.Metadata.SourcePath);
        Assert.False(unmapped.Metadata.LocallyReachable);
    }

    [Fact]
    public async Task Items_with_missing_optional_fields_are_imported_or_reported_never_fatal()
    {
        var noDates = Movie("1", "No Dates", "/data/a.mkv");
        noDates.Remove("updatedAt");
        noDates.Remove("addedAt");
        var noMedia = Movie("2", "No Media", "/data/b.mkv");
        noMedia.Remove("Media");
        var noPart = Movie("3", "No Part", "/data/c.mkv");
        noPart["Media"]![0]!.AsObject().Remove("Part");
        var noFile = Movie("4", "No File", "/data/d.mkv");
        noFile["Media"]![0]!["Part"]![0]!["file"] = "";
        noFile["Media"]![0]!["Part"]![0]!["id"] = 444;
        var noYear = Movie("5", "No Year", "/data/e.mkv");
        noYear.Remove("year");
        _server.SetSections(("1", "movie", "Films"), ("2", "show", "TV"));
        _server.SetItems("1", 1, [noDates, noMedia, noPart, noFile, noYear]);
        var noIndex = GeneratedLibrary.Episode(1, 1);
        noIndex.Remove("index");
        _server.SetItems("2", 4, [noIndex]);

        var (assets, scan) = await _host.DiscoverAsync(PlexTestHost.PlexSource(_server));

        Assert.False(scan.ListingFailed);
        Assert.Equal(DateTimeOffset.UnixEpoch, assets.Single(a => a.Identity is MovieIdentity { Name: "No Dates" }).Fingerprint.ModifiedAt);
        Assert.Equal($"plex://{FakePlexServer.MachineIdentifier}/parts/444", assets.Single(a => a.Identity is MovieIdentity { Name: "No File" }).CanonicalPath);
        Assert.Equal(new MovieIdentity("No Year", null), assets.Single(a => a.Identity is MovieIdentity { Name: "No Year" }).Identity);
        var unmatched = Assert.IsType<UnmatchedIdentity>(assets.Single(a => a.Identity is UnmatchedIdentity).Identity);
        Assert.Contains("no season and episode number", unmatched.Why);
        Assert.Equal(4, assets.Count);
        Assert.Equal(2, scan.Problems.Count(p => p.Message.Contains("lists no file", StringComparison.Ordinal)));
        Assert.Contains(scan.Problems, p => p.Path == $"plex://{FakePlexServer.MachineIdentifier}/library/metadata/2");
    }

    [Fact]
    public void The_plex_importer_is_registered_as_the_importer_of_plex_sources()
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddRetroVueApp(configuration)
            .AddRetroVueAdapters(configuration, "Host=/nonexistent;Database=retrovue");
        using var provider = services.BuildServiceProvider();

        Assert.IsType<PlexImporter>(provider.GetRequiredService<ImporterRegistry>().For(SourceKind.Plex));
    }

    private void ServeRecordedLibrary()
    {
        _server.Sections = PlexFixtures.Load("library_sections");
        var movies = PlexFixtures.Items("library_sections_1_all_movies_includeGuids");
        var episodes = PlexFixtures.Items("library_sections_2_all_type4_episodes_includeGuids");
        _server.SetItems("1", 1, movies);
        _server.SetItems("2", 4, episodes);
        foreach (var item in movies.Concat(episodes).Where(e => e["chapterSource"] is not null))
        {
            _server.SetDetail((string)item["ratingKey"]!, PlexFixtures.DetailWith(item.AsObject()));
        }

        _server.SetItems("3", 2, PlexFixtures.Items("library_sections_3_all_type2_shows"));
        _server.SetItems("3", 4, [JsonNode.Parse("""
            {"ratingKey":"28581","type":"episode","title":"Kapitel 1","grandparentRatingKey":"28580","grandparentTitle":"07-Ghost","parentIndex":1,"index":1,
             "guid":"com.plexapp.agents.thetvdb://88651/1/1?lang=en","addedAt":1586886437,
             "Media":[{"id":1,"duration":1500000,"videoCodec":"h264","Part":[{"id":2,"file":"/Anime/07-Ghost/S01E01.mkv","size":1000}]}]}
            """)!]);
    }

    private static JsonObject Movie(string ratingKey, string title, string file, int height = 1080) => new()
    {
        ["ratingKey"] = ratingKey,
        ["type"] = "movie",
        ["title"] = title,
        ["year"] = 1995,
        ["addedAt"] = 1_600_000_000,
        ["updatedAt"] = 1_650_000_000,
        ["Media"] = new JsonArray(new JsonObject
        {
            ["id"] = 1,
            ["height"] = height,
            ["duration"] = 6_000_000,
            ["videoCodec"] = "h264",
            ["Part"] = new JsonArray(new JsonObject { ["id"] = 100, ["file"] = file, ["size"] = 1234, ["duration"] = 6_000_000 }),
        }),
    };

    private sealed class TemporaryFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("retrovue-plex-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
