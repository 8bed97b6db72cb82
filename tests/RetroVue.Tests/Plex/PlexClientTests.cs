using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using RetroVue.Adapters.Plex;
using RetroVue.App.Common;
using RetroVue.Tests.Plex.Support;

namespace RetroVue.Tests.Plex;

public sealed class PlexClientTests : IAsyncLifetime, IDisposable
{
    private FakePlexServer _server = null!;
    private readonly PlexTestHost _host = new();

    public async Task InitializeAsync() => _server = await FakePlexServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Sends_the_token_only_as_a_header_and_asks_for_json_with_a_stable_client_identity()
    {
        var client = _host.ClientFor(_server);

        await client.GetSectionsAsync(CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("/library/sections", request.RawTarget);
        Assert.Equal(_server.Token, request.Headers["X-Plex-Token"]);
        Assert.Equal("application/json", request.Headers["Accept"]);
        Assert.Equal("retrovue-test-client", request.Headers["X-Plex-Client-Identifier"]);
        Assert.Equal("RetroVue", request.Headers["X-Plex-Product"]);
        Assert.False(string.IsNullOrEmpty(request.Headers["X-Plex-Version"]));
    }

    [Fact]
    public async Task Reads_the_identity_and_the_recorded_sections()
    {
        _server.Sections = PlexFixtures.Load("library_sections");
        var client = _host.ClientFor(_server);

        var identity = await client.GetIdentityAsync(CancellationToken.None);
        var sections = await client.GetSectionsAsync(CancellationToken.None);

        Assert.Equal(FakePlexServer.MachineIdentifier, identity.MachineIdentifier);
        Assert.Equal("1.41.3.9314", identity.Version);
        Assert.True(identity.Claimed);
        Assert.Equal(14, sections.Count);
        var tv = Assert.Single(sections, s => s.Key == "2");
        Assert.Equal(("show", "TV Series "), (tv.Type, tv.Title));
        Assert.Equal("/TV Shows", Assert.Single(tv.Location!).Path);
        Assert.Equal(2, sections.Single(s => s.Key == "6").Location!.Count);
    }

    [Fact]
    public async Task Lists_10000_episodes_in_50_pages_of_200_without_detail_requests()
    {
        GeneratedLibrary.ServeShows(_server, shows: 200, episodesPerShow: 50);
        var client = _host.ClientFor(_server);
        var stopwatch = Stopwatch.StartNew();

        var keys = new HashSet<string>();
        await foreach (var item in client.ListItemsAsync("2", PlexItemType.Episode))
        {
            keys.Add(item.RatingKey!);
        }

        Assert.Equal(10_000, keys.Count);
        Assert.Equal(50, _server.ListingRequests);
        Assert.Equal(0, _server.DetailRequests);
        Assert.All(_server.Requests, r => Assert.Equal(200, r.Size));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Streams_items_page_by_page_instead_of_reading_the_whole_library_first()
    {
        GeneratedLibrary.ServeShows(_server, shows: 100, episodesPerShow: 10);
        var client = _host.ClientFor(_server);

        await using var items = client.ListItemsAsync("2", PlexItemType.Episode).GetAsyncEnumerator();
        Assert.True(await items.MoveNextAsync());

        Assert.Equal(1, _server.ListingRequests);
    }

    [Fact]
    public async Task A_page_size_below_100_is_raised_to_100()
    {
        using var host = new PlexTestHost(options => options.PageSize = 10);
        GeneratedLibrary.ServeShows(_server, shows: 3, episodesPerShow: 100);

        var count = await CountAsync(host.ClientFor(_server).ListItemsAsync("2", PlexItemType.Episode));

        Assert.Equal(300, count);
        Assert.Equal(3, _server.ListingRequests);
        Assert.All(_server.Requests, r => Assert.Equal(100, r.Size));
    }

    [Theory]
    [InlineData(37, 28)] // smaller pages: ceil(1000 / 37)
    [InlineData(450, 3)] // larger pages than asked: advance by what came back
    public async Task Follows_pages_smaller_or_larger_than_asked_until_the_reported_total(int served, int expectedRequests)
    {
        GeneratedLibrary.ServeShows(_server, shows: 10, episodesPerShow: 100);
        _server.ServedPageSize = _ => served;

        var keys = new HashSet<string>();
        await foreach (var item in _host.ClientFor(_server).ListItemsAsync("2", PlexItemType.Episode))
        {
            Assert.True(keys.Add(item.RatingKey!));
        }

        Assert.Equal(1000, keys.Count);
        Assert.Equal(expectedRequests, _server.ListingRequests);
    }

    [Fact]
    public async Task Overlapping_pages_yield_each_item_once_and_fail_the_listing_because_items_were_skipped()
    {
        // 400 items; the second page starts one early, so it repeats item 199 and never reaches item 399.
        GeneratedLibrary.ServeShows(_server, shows: 4, episodesPerShow: 100);
        _server.ServedStart = start => start == 0 ? 0 : start - 1;
        var keys = new List<string>();

        var error = await Assert.ThrowsAsync<PlexProtocolException>(async () =>
        {
            await foreach (var item in _host.ClientFor(_server).ListItemsAsync("2", PlexItemType.Episode))
            {
                keys.Add(item.RatingKey!);
            }
        });

        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(399, keys.Count);
        Assert.Contains("listed 1 item(s) twice and only 399 of 400", error.Message);
        Assert.Contains("incomplete", error.Message);
    }

    [Fact]
    public async Task A_library_that_changes_size_during_the_listing_fails_it()
    {
        var items = Enumerable.Range(1, 500).Select(e => (JsonNode)GeneratedLibrary.Episode(1, e)).ToList();
        _server.SetItems("2", 4, items);
        _server.BeforeListingPage = request =>
        {
            if (request.Start == 200)
            {
                _server.SetItems("2", 4, items.Skip(1).ToList());
            }
        };

        var error = await Assert.ThrowsAsync<PlexProtocolException>(() => CountAsync(_host.ClientFor(_server).ListItemsAsync("2", PlexItemType.Episode)));

        Assert.Contains("changed during the listing (500 items, then 499)", error.Message);
    }

    [Fact]
    public async Task An_empty_page_before_the_reported_total_fails_the_listing()
    {
        GeneratedLibrary.ServeShows(_server, shows: 1, episodesPerShow: 450);
        _server.ServedPageSize = asked => _server.ListingRequests >= 2 ? 0 : asked;

        var error = await Assert.ThrowsAsync<PlexProtocolException>(() => CountAsync(_host.ClientFor(_server).ListItemsAsync("2", PlexItemType.Episode)));

        Assert.Contains("empty page at item 200 of 450", error.Message);
    }

    [Fact]
    public async Task An_empty_library_is_a_complete_listing_of_nothing()
    {
        Assert.Equal(0, await CountAsync(_host.ClientFor(_server).ListItemsAsync("9", PlexItemType.Movie)));
        Assert.Equal(1, _server.ListingRequests);
    }

    [Fact]
    public async Task Stops_at_the_page_cap_with_an_error()
    {
        using var host = new PlexTestHost(options => options.MaxPages = 3);
        GeneratedLibrary.ServeShows(_server, shows: 1, episodesPerShow: 1000);

        var error = await Assert.ThrowsAsync<PlexProtocolException>(() => CountAsync(host.ClientFor(_server).ListItemsAsync("2", PlexItemType.Episode)));

        Assert.Contains("stopped after 3 pages", error.Message);
        Assert.Equal(3, _server.ListingRequests);
    }

    [Fact]
    public async Task A_401_fails_at_once_with_a_clear_message_and_no_retry()
    {
        var client = _host.ClientFor(_server, token: "expired-token-0000");

        var error = await Assert.ThrowsAsync<PlexAuthenticationException>(() => client.GetSectionsAsync(CancellationToken.None));

        Assert.StartsWith("Plex rejected the token (401):", error.Message);
        Assert.Single(_server.Requests);
        Assert.DoesNotContain("expired-token-0000", error.ToString());
    }

    [Fact]
    public async Task A_403_fails_at_once_without_retry()
    {
        _server.InjectFault = _ => Fault.Status(403);

        var error = await Assert.ThrowsAsync<PlexAuthenticationException>(() => _host.ClientFor(_server).GetSectionsAsync(CancellationToken.None));

        Assert.StartsWith("Plex rejected the token (403):", error.Message);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task A_server_error_on_one_page_is_retried_and_the_listing_completes()
    {
        GeneratedLibrary.ServeShows(_server, shows: 1, episodesPerShow: 600);
        var failed = 0;
        _server.InjectFault = request => request.Start == 200 && Interlocked.Increment(ref failed) == 1 ? Fault.Status(503) : null;

        var count = await CountAsync(_host.ClientFor(_server).ListItemsAsync("2", PlexItemType.Episode));

        Assert.Equal(600, count);
        Assert.Equal(4, _server.ListingRequests);
        Assert.Contains(_host.Logs.Lines, line => line.Contains("retry 1 of 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_page_that_keeps_failing_fails_the_whole_listing_after_bounded_retries()
    {
        GeneratedLibrary.ServeShows(_server, shows: 1, episodesPerShow: 600);
        _server.InjectFault = request => request.Start == 200 ? Fault.Status(500) : null;
        var yielded = 0;

        var error = await Assert.ThrowsAsync<PlexUnavailableException>(async () =>
        {
            await foreach (var unused in _host.ClientFor(_server).ListItemsAsync("2", PlexItemType.Episode))
            {
                yielded++;
            }
        });

        Assert.Equal(200, yielded);
        Assert.Contains("kept failing GET /library/sections/2/all", error.Message);
        Assert.Contains("500", error.Message);
        Assert.Contains("3 attempts", error.Message);
        Assert.Equal(1 + 3, _server.ListingRequests);
    }

    [Fact]
    public async Task A_page_that_hangs_mid_listing_times_out_and_fails_the_listing()
    {
        using var host = new PlexTestHost(options =>
        {
            options.RequestTimeout = TimeSpan.FromMilliseconds(300);
            options.MaxRetries = 1;
        });
        GeneratedLibrary.ServeShows(_server, shows: 1, episodesPerShow: 400);
        _server.InjectFault = request => request.Start == 200 ? Fault.Hang : null;

        var error = await Assert.ThrowsAsync<PlexUnavailableException>(() => CountAsync(host.ClientFor(_server).ListItemsAsync("2", PlexItemType.Episode)));

        Assert.Contains("did not answer", error.Message);
        Assert.Contains("within 0.3 s (2 attempts)", error.Message);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_then_reported_as_unreachable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var client = _host.Clients.Create(new PlexConnection($"http://127.0.0.1:{port}", "some-token-1234"));

        var error = await Assert.ThrowsAsync<PlexUnavailableException>(() => client.GetIdentityAsync(CancellationToken.None));

        Assert.Contains($"Plex at http://127.0.0.1:{port}/ could not be reached for GET /identity", error.Message);
        Assert.Contains("3 attempts", error.Message);
    }

    [Fact]
    public async Task Malformed_json_fails_with_a_clear_error_and_is_not_retried()
    {
        _server.InjectFault = request => request.IsListing ? Fault.Body("""{"MediaContainer":{"size":2,"totalSize":2,"Metadata":[{"ratingKey":"1",""") : null;

        var error = await Assert.ThrowsAsync<PlexProtocolException>(() => CountAsync(_host.ClientFor(_server).ListItemsAsync("2", PlexItemType.Episode)));

        Assert.Contains("malformed JSON for GET /library/sections/2/all?type=4&includeGuids=1&X-Plex-Container-Start=0&X-Plex-Container-Size=200", error.Message);
        Assert.Equal(1, _server.ListingRequests);
    }

    [Fact]
    public async Task A_response_larger_than_the_limit_is_refused()
    {
        using var host = new PlexTestHost(options => options.MaxResponseBytes = 10_000);
        GeneratedLibrary.ServeShows(_server, shows: 1, episodesPerShow: 200);

        var error = await Assert.ThrowsAsync<PlexProtocolException>(() => CountAsync(host.ClientFor(_server).ListItemsAsync("2", PlexItemType.Episode)));

        Assert.Contains("refused to protect memory", error.Message);
    }

    [Fact]
    public async Task Numbers_sent_as_strings_and_non_numeric_rating_keys_are_read()
    {
        var item = JsonNode.Parse("""
            {"ratingKey":"abc-42","type":"episode","title":"Strings","index":"3","parentIndex":"2","duration":"1500","addedAt":"1600000000","updatedAt":1.6e9,
             "Media":[{"id":"m1","bitrate":"800","width":"640","height":"480","audioChannels":"2","Part":[{"id":77,"size":"12345","file":"/x.mkv"}]}]}
            """)!;
        _server.SetItems("2", 4, [item]);

        var listed = await SingleAsync(_host.ClientFor(_server).ListItemsAsync("2", PlexItemType.Episode));

        Assert.Equal("abc-42", listed.RatingKey);
        Assert.Equal((3, 2, 1500L, 1_600_000_000L, 1_600_000_000L), (listed.Index, listed.ParentIndex, listed.Duration, listed.AddedAt, listed.UpdatedAt));
        var media = Assert.Single(listed.Media!);
        Assert.Equal(("m1", 800L, 640, 480, 2), (media.Id, media.Bitrate, media.Width, media.Height, media.AudioChannels));
        var part = Assert.Single(media.Part!);
        Assert.Equal(("77", 12345L), (part.Id, part.Size));
    }

    [Fact]
    public async Task Fields_the_container_hoists_are_copied_onto_its_items()
    {
        _server.InjectFault = request => request.IsListing
            ? Fault.Body("""{"MediaContainer":{"size":1,"totalSize":1,"librarySectionID":2,"grandparentTitle":"Hoisted Show","grandparentRatingKey":"9","parentIndex":4,"Metadata":[{"ratingKey":"1","type":"episode","index":1}]}}""")
            : null;

        var item = await SingleAsync(_host.ClientFor(_server).ListItemsAsync("2", PlexItemType.Episode));

        Assert.Equal(("Hoisted Show", "9", 4, "2"), (item.GrandparentTitle, item.GrandparentRatingKey, item.ParentIndex, item.LibrarySectionId));
    }

    [Fact]
    public async Task A_delta_filter_lists_only_items_updated_since_the_given_instant()
    {
        var items = Enumerable.Range(1, 5).Select(e =>
        {
            var episode = GeneratedLibrary.Episode(1, e);
            episode["updatedAt"] = 1_700_000_000 + (e * 100);
            return (JsonNode)episode;
        }).ToList();
        _server.SetItems("2", 4, items);
        var filter = new PlexListFilter("updatedAt", DateTimeOffset.FromUnixTimeSeconds(1_700_000_300));

        var keys = new List<string>();
        await foreach (var item in _host.ClientFor(_server).ListItemsAsync("2", PlexItemType.Episode, filter))
        {
            keys.Add(item.RatingKey!);
        }

        Assert.Equal([GeneratedLibrary.EpisodeKey(1, 3), GeneratedLibrary.EpisodeKey(1, 4), GeneratedLibrary.EpisodeKey(1, 5)], keys);
        Assert.Contains("&updatedAt>>=1700000300&", Assert.Single(_server.Requests).RawTarget);
        Assert.Equal("1700000300", Assert.Single(_server.Requests).Query["updatedAt>>"]);
    }

    [Fact]
    public async Task Reads_one_items_details_from_the_recorded_movie()
    {
        _server.SetDetail("55", PlexFixtures.Load("library_metadata_movie"));

        var movie = await _host.ClientFor(_server).GetMetadataAsync("55", CancellationToken.None);

        Assert.NotNull(movie);
        Assert.Equal("movie", movie.Type);
        Assert.NotEmpty(movie.Guids!);
        Assert.NotEmpty(Assert.Single(movie.Media!).Part!);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://host:32400")]
    [InlineData("http://host:32400/?X-Plex-Token=abcd1234")]
    public void A_bad_server_url_gets_a_clear_error(string url)
    {
        var error = Assert.Throws<UserFacingException>(() => new PlexConnection(url, "token-1234"));

        Assert.DoesNotContain("abcd1234", error.Message);
    }

    [Fact]
    public void A_connection_never_prints_its_token()
    {
        var connection = new PlexConnection("http://plex.lan:32400/", "secret-token-xyz");

        Assert.Equal("http://plex.lan:32400/", connection.ToString());
    }

    private static async Task<int> CountAsync<T>(IAsyncEnumerable<T> items)
    {
        var count = 0;
        await foreach (var unused in items)
        {
            count++;
        }

        return count;
    }

    private static async Task<T> SingleAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return Assert.Single(list);
    }
}
