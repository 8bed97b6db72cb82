using RetroVue.Domain.Library;

namespace RetroVue.Tests.Plex;

public sealed class PathMapperTests
{
    private static readonly PathMapper Rules = new(
    [
        ("/data", "/mnt/nas"),
        ("/data/tv", "/srv/television"),
        (@"D:\Media\Movies", "/mnt/movies"),
        (@"\\NAS\Share", "/mnt/share"),
        ("/media/", "/local/media/"),
        ("/dup", "/first"),
        ("/dup/", "/second"),
    ]);

    [Theory]
    [InlineData("/data/movies/a.mkv", "/mnt/nas/movies/a.mkv")]
    [InlineData("/data/tv/Show/S01E01.mkv", "/srv/television/Show/S01E01.mkv")] // longest prefix wins over /data
    [InlineData("/data/tvshows/x.mkv", "/mnt/nas/tvshows/x.mkv")] // prefixes match whole segments only
    [InlineData("/data", "/mnt/nas")]
    [InlineData(@"D:\Media\Movies\Heat (1995)\Heat.mkv", "/mnt/movies/Heat (1995)/Heat.mkv")]
    [InlineData(@"d:\media\MOVIES\Heat.mkv", "/mnt/movies/Heat.mkv")] // Windows paths match case-insensitively
    [InlineData("D:/Media/Movies/Heat.mkv", "/mnt/movies/Heat.mkv")]
    [InlineData(@"\\nas\share\TV\Show\e1.mkv", "/mnt/share/TV/Show/e1.mkv")] // UNC, case-insensitive
    [InlineData("/media/tv//Show/./e1.mkv", "/local/media/tv/Show/e1.mkv")] // normalised
    [InlineData("/media/tv/Show/../Other/e1.mkv", "/local/media/tv/Other/e1.mkv")]
    [InlineData("/dup/x.mkv", "/first/x.mkv")] // equally long prefixes: the earlier rule wins
    [InlineData("/données/🎬 Film/été.mkv", null)]
    [InlineData("/Data/movies/a.mkv", null)] // POSIX paths are case-sensitive
    [InlineData(@"E:\Media\Movies\a.mkv", null)]
    [InlineData("", null)]
    public void Maps_a_source_path_with_the_longest_matching_rule(string sourcePath, string? expected)
    {
        Assert.Equal(expected, Rules.TryMap(sourcePath));
    }

    [Fact]
    public void Unicode_and_emoji_segments_pass_through_unchanged()
    {
        var mapper = new PathMapper([("/données", "/mnt/données")]);

        Assert.Equal("/mnt/données/🎬 Film/été.mkv", mapper.TryMap("/données/🎬 Film/été.mkv"));
    }

    [Fact]
    public void Rules_of_a_source_apply_in_their_stored_order()
    {
        var source = new Source("plex1", SourceKind.Plex, new Dictionary<string, string>(), DateTimeOffset.UnixEpoch);
        source.AddPathMapping("/tv", "/a");
        source.AddPathMapping("/tv/", "/b");

        var mapper = PathMapper.For(source.PathMappings);

        Assert.True(mapper.HasRules);
        Assert.Equal("/a/x.mkv", mapper.TryMap("/tv/x.mkv"));
    }

    [Fact]
    public void A_mapper_without_rules_maps_nothing()
    {
        Assert.False(PathMapper.Empty.HasRules);
        Assert.Null(PathMapper.Empty.TryMap("/tv/x.mkv"));
    }

    [Theory]
    [InlineData(@"C:\Media\\TV\", "C:/Media/TV")]
    [InlineData("c:", "C:/")]
    [InlineData(@"\\server\share\dir\..\file.mkv", "//server/share/file.mkv")]
    [InlineData("/a/b/../../../c", "/c")]
    [InlineData("/", "/")]
    [InlineData("relative/./dir/", "relative/dir")]
    public void Normalises_separators_dots_and_drive_letters(string path, string expected)
    {
        Assert.Equal(expected, SourcePath.Normalize(path));
    }

    [Theory]
    [InlineData(@"C:\x", true)]
    [InlineData("c:/x", true)]
    [InlineData(@"\\nas\share", true)]
    [InlineData("//nas/share", true)]
    [InlineData("/mnt/c:/x", false)]
    [InlineData("/data", false)]
    public void Recognises_windows_style_paths(string path, bool expected)
    {
        Assert.Equal(expected, SourcePath.IsWindowsStyle(path));
    }

    [Fact]
    public void A_match_names_the_rule_that_mapped_the_path_by_its_position()
    {
        var mapper = new PathMapper([(@"D:\Media", "/nowhere"), (@"D:\Media\TV", "/mnt/tv")]);

        var match = mapper.Match(@"d:\media\tv\Show\ep.mkv");

        Assert.Equal(new PathMatch("D:/Media/TV", "/mnt/tv", 1, "/mnt/tv/Show/ep.mkv"), match);
        Assert.Null(mapper.Match("/volume1/film.mkv"));
    }
}
