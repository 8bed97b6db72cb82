using RetroVue.Adapters.Ingest.Filesystem;
using RetroVue.App.Common;
using RetroVue.App.Ingest;
using RetroVue.Domain.Library;

namespace RetroVue.Tests.Ingest.Filesystem;

public sealed class FilesystemImporterTests : IDisposable
{
    private readonly TempMediaTree _tree = new();
    private readonly ImportScan _scan = new();
    private readonly FilesystemImporter _importer = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task A_show_tree_with_seasons_and_specials_yields_every_episode_in_walk_order()
    {
        _tree.File("Show (2004)/Season 01/Show - S01E01 - Pilot.mkv");
        _tree.File("Show (2004)/Season 01/Show - S01E02 - Second.mp4");
        _tree.File("Show (2004)/Season 02/Show - S02E01E02 - Double.mkv");
        _tree.File("Show (2004)/Specials/Show - E01 - Behind the Scenes.mkv");

        var found = await _importer.DiscoverAllAsync(_tree.Source("shows"), _scan);

        Assert.Equal(
            [
                _tree.PathOf("Show (2004)/Season 01/Show - S01E01 - Pilot.mkv"),
                _tree.PathOf("Show (2004)/Season 01/Show - S01E02 - Second.mp4"),
                _tree.PathOf("Show (2004)/Season 02/Show - S02E01E02 - Double.mkv"),
                _tree.PathOf("Show (2004)/Specials/Show - E01 - Behind the Scenes.mkv"),
            ],
            found.Select(asset => asset.CanonicalPath));
        Assert.Equal(
            [
                new EpisodeIdentity("Show", 2004, 1, [1], "Pilot"),
                new EpisodeIdentity("Show", 2004, 1, [2], "Second"),
                new EpisodeIdentity("Show", 2004, 2, [1, 2], "Double"),
                new EpisodeIdentity("Show", 2004, 0, [1], "Behind the Scenes"),
            ],
            found.Select(asset => (EpisodeIdentity)asset.Identity),
            EpisodeComparer.Instance);
        Assert.Equal(4, _scan.FilesSeen);
        Assert.Empty(_scan.Problems);
    }

    [Fact]
    public async Task Movies_are_found_both_loose_and_in_their_own_folder()
    {
        _tree.File("Alien (1979).mkv");
        _tree.File("Heat (1995)/Heat (1995).mkv");
        _tree.File("The.Matrix.1999.1080p.BluRay.x264-GRP.mkv");

        var found = await _importer.DiscoverAllAsync(_tree.Source("movies"), _scan);

        Assert.Equal(
            [new MovieIdentity("Alien", 1979), new MovieIdentity("The Matrix", 1999), new MovieIdentity("Heat", 1995)],
            found.Select(asset => asset.Identity));
    }

    [Fact]
    public async Task In_a_mixed_source_the_name_decides_and_unrecognised_files_are_still_yielded_as_unmatched()
    {
        _tree.File("TV/Show/Season 01/Show - S01E01.mkv");
        _tree.File("Films/Alien (1979)/Alien (1979).mkv");
        _tree.File("Home/birthday.mkv");

        var found = await _importer.DiscoverAllAsync(_tree.Source("mixed"), _scan);

        Assert.IsType<MovieIdentity>(Assert.Single(found, a => a.CanonicalPath.EndsWith("Alien (1979).mkv", StringComparison.Ordinal)).Identity);
        Assert.IsType<EpisodeIdentity>(Assert.Single(found, a => a.CanonicalPath.EndsWith("S01E01.mkv", StringComparison.Ordinal)).Identity);
        var unmatched = Assert.IsType<UnmatchedIdentity>(Assert.Single(found, a => a.CanonicalPath.EndsWith("birthday.mkv", StringComparison.Ordinal)).Identity);
        Assert.Contains("birthday.mkv", unmatched.Why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hidden_sample_and_non_video_files_are_skipped()
    {
        _tree.File(".hidden - S01E01.mkv");
        _tree.File(".Trash/Movie (2001).mkv");
        _tree.File("Movie (2000)/Movie (2000).mkv");
        _tree.File("Movie (2000)/movie-sample.mkv");
        _tree.File("Movie (2000)/Sample/Movie (2000).mkv");
        _tree.File("Movie (2000)/Movie (2000).srt");
        _tree.File("Movie (2000)/poster.jpg");
        _tree.File("notes.txt");
        _tree.File("Show - S01E01.nfo");
        _tree.File("Sample.mkv");
        _tree.File("Sampler (2010).mkv");
        _tree.File("LOUD (2011).MKV");
        _tree.File("Old (1990).avi");
        _tree.File("Broadcast (2012).ts");

        var found = await _importer.DiscoverAllAsync(_tree.Source(), _scan);

        Assert.Equal(
            ["Broadcast (2012).ts", "LOUD (2011).MKV", "Old (1990).avi", "Sampler (2010).mkv", "Movie (2000)/Movie (2000).mkv"],
            found.Select(asset => Path.GetRelativePath(_tree.Root, asset.CanonicalPath)));
        Assert.Equal(5, _scan.FilesSeen);
    }

    [Fact]
    public async Task The_fingerprint_is_the_size_and_the_utc_modification_time()
    {
        var path = _tree.File("Movie (2001).mkv", sizeBytes: 1234);
        var modified = new DateTime(2021, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1_234_567);
        File.SetLastWriteTimeUtc(path, modified);

        var asset = Assert.Single(await _importer.DiscoverAllAsync(_tree.Source(), _scan));

        Assert.Equal(FileFingerprint.Of(1234, new DateTimeOffset(modified)), asset.Fingerprint);
        Assert.Equal(TimeSpan.Zero, asset.Fingerprint.ModifiedAt.Offset);
    }

    [Fact]
    public async Task Zero_byte_files_are_still_yielded_for_the_enricher_to_judge()
    {
        _tree.File("Empty (2001).mkv");

        var asset = Assert.Single(await _importer.DiscoverAllAsync(_tree.Source(), _scan));

        Assert.Equal(0, asset.Fingerprint.SizeBytes);
        Assert.Equal(1, _scan.FilesSeen);
    }

    [Fact]
    public async Task A_link_back_to_an_ancestor_folder_is_reported_as_a_loop_and_each_folder_is_walked_once()
    {
        _tree.File("Show/Season 01/Show - S01E01.mkv");
        _tree.Link("Show/Season 01/back", "../..");

        var found = await _importer.DiscoverAllAsync(_tree.Source("shows"), _scan);

        Assert.Equal([_tree.PathOf("Show/Season 01/Show - S01E01.mkv")], found.Select(asset => asset.CanonicalPath));
        var problem = Assert.Single(_scan.Problems);
        Assert.Equal(_tree.PathOf("Show/Season 01/back"), problem.Path);
        Assert.Contains("link loop", problem.Message, StringComparison.Ordinal);
        Assert.Empty(_scan.IncompletePrefixes);
    }

    [Fact]
    public async Task A_second_path_to_a_folder_is_scanned_once_under_its_real_name()
    {
        _tree.File("Library/Show/Season 01/Show - S01E01.mkv");
        _tree.Link("Favourites", "Library/Show");

        var found = await _importer.DiscoverAllAsync(_tree.Source("shows"), _scan);

        var asset = Assert.Single(found);
        Assert.Equal(_tree.PathOf("Library/Show/Season 01/Show - S01E01.mkv"), asset.CanonicalPath);
        Assert.Equal("Show", ((EpisodeIdentity)asset.Identity).ShowName);
        Assert.Contains("already scanned", Assert.Single(_scan.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_linked_folder_outside_the_root_is_walked_and_named_by_the_link()
    {
        using var elsewhere = new TempMediaTree();
        elsewhere.File("Season 01/Show - S01E01.mkv");
        _tree.Link("Linked Show", elsewhere.Root);

        var asset = Assert.Single(await _importer.DiscoverAllAsync(_tree.Source("shows"), _scan));

        Assert.Equal(elsewhere.PathOf("Season 01/Show - S01E01.mkv"), asset.CanonicalPath);
        Assert.Equal("Linked Show", ((EpisodeIdentity)asset.Identity).ShowName);
    }

    [Fact]
    public async Task A_linked_file_is_identified_by_its_target_and_named_by_the_link()
    {
        using var elsewhere = new TempMediaTree();
        var target = elsewhere.File("downloads/abc123.mkv", sizeBytes: 10);
        _tree.Link("Movies/Linked (2001).mkv", target);
        _tree.Link("Movies/Same Again (2001).mkv", target);

        var asset = Assert.Single(await _importer.DiscoverAllAsync(_tree.Source(), _scan));

        Assert.Equal(target, asset.CanonicalPath);
        Assert.Equal(new MovieIdentity("Linked", 2001), asset.Identity);
        Assert.Equal(10, asset.Fingerprint.SizeBytes);
    }

    [Fact]
    public async Task A_link_to_a_file_inside_the_root_does_not_duplicate_it()
    {
        _tree.File("Show/Season 01/Show - S01E01.mkv");
        _tree.Link("Shortcut - S01E01.mkv", "Show/Season 01/Show - S01E01.mkv");

        var asset = Assert.Single(await _importer.DiscoverAllAsync(_tree.Source("shows"), _scan));

        Assert.Equal(_tree.PathOf("Show/Season 01/Show - S01E01.mkv"), asset.CanonicalPath);
    }

    [Fact]
    public async Task Dangling_links_and_links_that_loop_on_themselves_are_reported_and_skipped()
    {
        _tree.File("Good (2001).mkv");
        _tree.Link("Gone (2002).mkv", "nowhere.mkv");
        _tree.Link("a (2003).mkv", "b (2003).mkv");
        _tree.Link("b (2003).mkv", "a (2003).mkv");

        var found = await _importer.DiscoverAllAsync(_tree.Source(), _scan);

        Assert.Equal([_tree.PathOf("Good (2001).mkv")], found.Select(asset => asset.CanonicalPath));
        Assert.Contains(_scan.Problems, p => p.Path == _tree.PathOf("Gone (2002).mkv") && p.Message.Contains("does not exist", StringComparison.Ordinal));
        Assert.Contains(_scan.Problems, p => p.Path == _tree.PathOf("a (2003).mkv") && p.Message.Contains("loop", StringComparison.Ordinal));
        Assert.Contains(_scan.Problems, p => p.Path == _tree.PathOf("b (2003).mkv") && p.Message.Contains("loop", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Names_that_are_not_utf8_are_reported_and_the_rest_is_imported()
    {
        _tree.File("Good (2001).mkv");
        _tree.Bash("""
            touch "$(printf 'Bad\xffName (2002).mkv')"
            mkdir "$(printf 'Folder\xfe')"
            touch "$(printf 'Folder\xfe')/Inside (2003).mkv"
            """);

        var found = await _importer.DiscoverAllAsync(_tree.Source(), _scan);

        Assert.Equal([_tree.PathOf("Good (2001).mkv")], found.Select(asset => asset.CanonicalPath));
        Assert.Equal(2, _scan.Problems.Count);
        Assert.All(_scan.Problems, p => Assert.Contains("not valid UTF-8", p.Message, StringComparison.Ordinal));
        Assert.Contains(_scan.Problems, p => p.Path.EndsWith("Bad\uFFFDName (2002).mkv", StringComparison.Ordinal));
        Assert.Contains(_scan.Problems, p => p.Path.EndsWith("Folder\uFFFD", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_name_of_255_bytes_is_imported_with_its_full_path()
    {
        // 'é' is two bytes in UTF-8: the limit is on bytes, not characters.
        var title = new string('é', 117) + "x";
        var name = "Show - S01E01 - " + title + ".mkv";
        Assert.Equal(255, System.Text.Encoding.UTF8.GetByteCount(name));
        var path = _tree.File("Show/Season 01/" + name);

        var asset = Assert.Single(await _importer.DiscoverAllAsync(_tree.Source("shows"), _scan));

        Assert.Equal(path, asset.CanonicalPath);
        Assert.Equal(title, ((EpisodeIdentity)asset.Identity).EpisodeTitle);
    }

    [Fact]
    public async Task A_folder_deeper_than_the_system_path_limit_is_reported_and_kept_while_the_rest_is_imported()
    {
        _tree.File("Near (2001).mkv");

        // .NET cannot create a path beyond PATH_MAX, but bash can by stepping in one folder at a time.
        _tree.Bash("""
            name=$(printf 'd%.0s' $(seq 250))
            cd "$(mktemp -d -p . deep.XXXX)"
            for i in $(seq 18); do mkdir "$name"; cd "$name"; done
            touch "Deep (2002).mkv"
            """);

        var found = await _importer.DiscoverAllAsync(_tree.Source(), _scan);

        Assert.Equal([_tree.PathOf("Near (2001).mkv")], found.Select(asset => asset.CanonicalPath));
        var problem = Assert.Single(_scan.Problems);
        Assert.Contains("longer than the system allows", problem.Message, StringComparison.Ordinal);
        var incomplete = Assert.Single(_scan.IncompletePrefixes);
        Assert.StartsWith(_tree.Root + "/deep.", incomplete, StringComparison.Ordinal);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(incomplete) >= 4096);
        Assert.False(_scan.MayRetire(incomplete + "/Deep (2002).mkv"));
        Assert.True(_scan.MayRetire(_tree.PathOf("Near (2001).mkv")));
    }

    [Fact]
    public async Task A_folder_that_may_not_be_read_is_marked_incomplete_and_the_scan_goes_on()
    {
        // Tests run as root, for whom chmod 000 blocks nothing: the lister raises what the kernel would.
        _tree.File("Locked/Movie (2001).mkv");
        _tree.File("Open/Movie (2002).mkv");
        var locked = _tree.PathOf("Locked");
        var importer = new FilesystemImporter(new FaultyLister(failFolder: locked, new UnauthorizedAccessException("Access to the path is denied.")));

        var found = await importer.DiscoverAllAsync(_tree.Source(), _scan);

        Assert.Equal([_tree.PathOf("Open/Movie (2002).mkv")], found.Select(asset => asset.CanonicalPath));
        Assert.Equal([locked], _scan.IncompletePrefixes);
        var problem = Assert.Single(_scan.Problems);
        Assert.Contains("permission denied", problem.Message, StringComparison.Ordinal);
        Assert.Contains(locked, problem.Message, StringComparison.Ordinal);
        Assert.False(_scan.MayRetire(locked + "/Movie (2001).mkv"));
        Assert.True(_scan.MayRetire(_tree.PathOf("Open/Movie (2003).mkv")));
    }

    [Fact]
    public async Task A_file_that_vanishes_between_listing_and_reading_is_reported_and_skipped()
    {
        _tree.File("Movies/Stays (2001).mkv");
        var vanishing = _tree.File("Movies/Vanishes (2002).mkv");
        var importer = new FilesystemImporter(new FaultyLister(afterListing: folder =>
        {
            if (folder == _tree.PathOf("Movies"))
            {
                File.Delete(vanishing);
            }
        }));

        var found = await importer.DiscoverAllAsync(_tree.Source(), _scan);

        Assert.Equal([_tree.PathOf("Movies/Stays (2001).mkv")], found.Select(asset => asset.CanonicalPath));
        var problem = Assert.Single(_scan.Problems);
        Assert.Equal(vanishing, problem.Path);
        Assert.Contains("disappeared during the scan", problem.Message, StringComparison.Ordinal);
        Assert.Empty(_scan.IncompletePrefixes);
        Assert.Equal(1, _scan.FilesSeen);
    }

    [Fact]
    public async Task A_folder_that_vanishes_before_it_is_listed_is_reported_and_kept()
    {
        _tree.File("A/Movie (2001).mkv");
        _tree.File("B/Movie (2002).mkv");
        var importer = new FilesystemImporter(new FaultyLister(afterListing: folder =>
        {
            if (folder == _tree.Root)
            {
                Directory.Delete(_tree.PathOf("A"), recursive: true);
            }
        }));

        var found = await importer.DiscoverAllAsync(_tree.Source(), _scan);

        Assert.Equal([_tree.PathOf("B/Movie (2002).mkv")], found.Select(asset => asset.CanonicalPath));
        Assert.Equal([_tree.PathOf("A")], _scan.IncompletePrefixes);
        Assert.Contains("disappeared during the scan", Assert.Single(_scan.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_source_folder_is_refused_with_its_path()
    {
        var missing = _tree.PathOf("not-here");

        var error = await Assert.ThrowsAsync<UserFacingException>(() => _importer.DiscoverAllAsync(_tree.Source(path: missing), _scan));

        Assert.Contains($"'{missing}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_source_path_that_is_a_file_is_refused_with_its_path()
    {
        var file = _tree.File("movie.mkv");

        var error = await Assert.ThrowsAsync<UserFacingException>(() => _importer.DiscoverAllAsync(_tree.Source(path: file), _scan));

        Assert.Contains($"'{file}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("is a file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_relative_source_path_is_refused()
    {
        var error = await Assert.ThrowsAsync<UserFacingException>(() => _importer.DiscoverAllAsync(_tree.Source(path: "media/tv"), _scan));

        Assert.Contains("'media/tv'", error.Message, StringComparison.Ordinal);
        Assert.Contains("not absolute", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_source_without_a_path_setting_is_refused()
    {
        var source = new Source("media", SourceKind.Filesystem, new Dictionary<string, string>(), DateTimeOffset.UnixEpoch);

        var error = await Assert.ThrowsAsync<UserFacingException>(() => _importer.DiscoverAllAsync(source, _scan));

        Assert.Contains("no 'path' setting", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_source_folder_that_cannot_be_listed_stops_the_import_with_a_clear_message()
    {
        var importer = new FilesystemImporter(new FaultyLister(failFolder: _tree.Root, new UnauthorizedAccessException("denied")));

        var error = await Assert.ThrowsAsync<UserFacingException>(() => importer.DiscoverAllAsync(_tree.Source(), _scan));

        Assert.Contains($"Cannot read folder '{_tree.Root}': permission denied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_source_reached_through_a_link_gives_canonical_paths()
    {
        _tree.File("real/Movie (2001).mkv");
        _tree.Link("via", "real");

        var asset = Assert.Single(await _importer.DiscoverAllAsync(_tree.Source(path: _tree.PathOf("via")), _scan));

        Assert.Equal(_tree.PathOf("real/Movie (2001).mkv"), asset.CanonicalPath);
    }

    [Fact]
    public async Task Cancelling_stops_the_walk()
    {
        _tree.File("A (2001).mkv");
        _tree.File("B (2002).mkv");
        using var cancellation = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in _importer.DiscoverAsync(_tree.Source(), _scan, cancellation.Token))
            {
                await cancellation.CancelAsync();
            }
        });

        Assert.Equal(1, _scan.FilesSeen);
    }

    /// <summary>The real lister, plus the failures a test cannot make happen for root or on time.</summary>
    private sealed class FaultyLister(string? failFolder = null, Exception? failure = null, Action<string>? afterListing = null) : IDirectoryLister
    {
        private readonly LocalDirectoryLister _real = new();

        public FaultyLister(Action<string> afterListing)
            : this(null, null, afterListing)
        {
        }

        public IEnumerable<DirectoryEntry> List(string directory)
        {
            if (directory == failFolder)
            {
                throw failure!;
            }

            var entries = _real.List(directory).ToList();
            afterListing?.Invoke(directory);
            return entries;
        }
    }

    private sealed class EpisodeComparer : IEqualityComparer<EpisodeIdentity>
    {
        public static readonly EpisodeComparer Instance = new();

        public bool Equals(EpisodeIdentity? x, EpisodeIdentity? y) =>
            x is not null && y is not null
            && x.ShowName == y.ShowName && x.ShowYear == y.ShowYear && x.SeasonNumber == y.SeasonNumber
            && x.EpisodeNumbers.SequenceEqual(y.EpisodeNumbers) && x.EpisodeTitle == y.EpisodeTitle;

        public int GetHashCode(EpisodeIdentity obj) => HashCode.Combine(obj.ShowName, obj.SeasonNumber);
    }
}
