using RetroVue.Adapters.Ingest.Filesystem;

namespace RetroVue.Tests.Ingest.Filesystem;

public sealed class CanonicalPathTests : IDisposable
{
    private readonly TempMediaTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void A_path_without_links_is_its_own_canonical_path()
    {
        var file = _tree.File("a/b/c.mkv");

        Assert.Equal(file, CanonicalPath.Resolve(file));
        Assert.Equal(file, CanonicalPath.Resolve(_tree.PathOf("a/./b/../b/c.mkv")));
    }

    [Fact]
    public void Links_along_the_path_and_chains_of_links_are_all_resolved()
    {
        var file = _tree.File("real/deep/c.mkv");
        _tree.Link("hop1", "hop2");
        _tree.Link("hop2", _tree.PathOf("real"));
        _tree.Link("real/deep/alias.mkv", "../deep/c.mkv");

        Assert.Equal(file, CanonicalPath.Resolve(_tree.PathOf("hop1/deep/alias.mkv")));
    }

    [Fact]
    public void Dot_dot_after_a_link_goes_up_from_the_link_target_as_the_kernel_does()
    {
        _tree.Folder("x/inner");
        var sibling = _tree.File("x/sibling.mkv");
        _tree.Link("shortcut", "x/inner");

        Assert.Equal(sibling, CanonicalPath.Resolve(_tree.PathOf("shortcut/../sibling.mkv")));
    }

    [Fact]
    public void A_link_loop_is_an_io_error()
    {
        _tree.Link("a", "b");
        _tree.Link("b", "a");

        Assert.Throws<IOException>(() => CanonicalPath.Resolve(_tree.PathOf("a/file.mkv")));
    }

    [Fact]
    public void Missing_components_are_kept_as_written()
    {
        Assert.Equal(_tree.PathOf("missing/file.mkv"), CanonicalPath.Resolve(_tree.PathOf("missing/file.mkv")));
    }

    [Theory]
    [InlineData("/media/tv/show.mkv", "/media/tv", true)]
    [InlineData("/media/tv", "/media/tv", true)]
    [InlineData("/media/tv2/show.mkv", "/media/tv", false)]
    [InlineData("/anything", "/", true)]
    public void IsUnder_compares_whole_folder_names(string path, string folder, bool expected)
    {
        Assert.Equal(expected, CanonicalPath.IsUnder(path, folder));
    }
}
