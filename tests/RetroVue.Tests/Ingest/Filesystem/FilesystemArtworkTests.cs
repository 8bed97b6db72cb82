using Microsoft.EntityFrameworkCore;
using RetroVue.Adapters.Ingest.Filesystem;
using RetroVue.App.Ingest;
using RetroVue.Domain.Library;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Ingest.Filesystem;

/// <summary>Local posters and stills: found in the folder listings the walk makes anyway, stored on titles and episodes.</summary>
public sealed class FilesystemArtworkTests : IDisposable
{
    private readonly TempMediaTree _tree = new();
    private readonly FilesystemImporter _importer = new();

    public void Dispose() => _tree.Dispose();

    private async Task<DiscoveredArtwork?> ArtworkOfAsync(string relative, string kind = "mixed")
    {
        var found = await _importer.DiscoverAllAsync(_tree.Source(kind), new ImportScan());
        return found.Single(a => a.CanonicalPath == _tree.PathOf(relative)).Artwork;
    }

    [Fact]
    public async Task A_movie_takes_its_own_poster_first_then_its_own_picture_then_poster_jpg_then_folder_jpg()
    {
        _tree.File("Movies/Heat (1995)/Heat (1995).mkv");
        _tree.File("Movies/Heat (1995)/folder.jpg");
        _tree.File("Movies/Alien (1979)/Alien (1979).mkv");
        _tree.File("Movies/Alien (1979)/Alien (1979).png");
        _tree.File("Movies/Alien (1979)/poster.jpg");
        _tree.File("Movies/Brazil (1985)/Brazil (1985).mkv");
        _tree.File("Movies/Brazil (1985)/Brazil (1985)-poster.JPG");
        _tree.File("Movies/Brazil (1985)/Brazil (1985).jpg");
        _tree.File("Movies/Casino (1995)/Casino (1995).mkv");
        _tree.File("Movies/Casino (1995)/POSTER.jpg");
        _tree.File("Movies/Casino (1995)/folder.jpg");
        _tree.File("Movies/Dune (1984)/Dune (1984).mkv");
        _tree.File("Movies/Dune (1984)/.poster.jpg");
        _tree.File("Movies/Dune (1984)/Dune (1984).nfo");

        Assert.Equal(_tree.PathOf("Movies/Heat (1995)/folder.jpg"), (await ArtworkOfAsync("Movies/Heat (1995)/Heat (1995).mkv", "movies"))!.TitlePoster!.Location);
        Assert.Equal(_tree.PathOf("Movies/Alien (1979)/Alien (1979).png"), (await ArtworkOfAsync("Movies/Alien (1979)/Alien (1979).mkv", "movies"))!.TitlePoster!.Location);
        Assert.Equal(_tree.PathOf("Movies/Brazil (1985)/Brazil (1985)-poster.JPG"), (await ArtworkOfAsync("Movies/Brazil (1985)/Brazil (1985).mkv", "movies"))!.TitlePoster!.Location);
        Assert.Equal(_tree.PathOf("Movies/Casino (1995)/POSTER.jpg"), (await ArtworkOfAsync("Movies/Casino (1995)/Casino (1995).mkv", "movies"))!.TitlePoster!.Location);
        var none = await ArtworkOfAsync("Movies/Dune (1984)/Dune (1984).mkv", "movies");
        Assert.Equal((null, null), (none!.TitlePoster, none.EpisodeStill));
    }

    [Fact]
    public async Task An_episode_takes_its_own_thumb_as_still_and_the_show_folders_poster_never_the_season_folders()
    {
        _tree.File("Sitcom/show.jpg");
        _tree.File("Sitcom/folder.jpg");
        _tree.File("Sitcom/Season 01/folder.jpg");
        _tree.File("Sitcom/Season 01/Sitcom - S01E01.mkv");
        _tree.File("Sitcom/Season 01/Sitcom - S01E01-thumb.jpg");
        _tree.File("Sitcom/Season 01/Sitcom - S01E01.jpg");
        _tree.File("Sitcom/Season 01/Sitcom - S01E02.mkv");
        _tree.File("Sitcom/Season 01/Sitcom - S01E02.webp");
        _tree.File("Sitcom/Season 01/Sitcom - S01E03.mkv");
        _tree.File("Flat Show/poster.png");
        _tree.File("Flat Show/Flat Show - S01E01.mkv");
        _tree.File("Bare/Season 2/Bare - S02E01.mkv");

        var first = await ArtworkOfAsync("Sitcom/Season 01/Sitcom - S01E01.mkv", "shows");
        var second = await ArtworkOfAsync("Sitcom/Season 01/Sitcom - S01E02.mkv", "shows");
        var third = await ArtworkOfAsync("Sitcom/Season 01/Sitcom - S01E03.mkv", "shows");
        var flat = await ArtworkOfAsync("Flat Show/Flat Show - S01E01.mkv", "shows");
        var bare = await ArtworkOfAsync("Bare/Season 2/Bare - S02E01.mkv", "shows");

        Assert.Equal(_tree.PathOf("Sitcom/show.jpg"), first!.TitlePoster!.Location);
        Assert.Equal(_tree.PathOf("Sitcom/Season 01/Sitcom - S01E01-thumb.jpg"), first.EpisodeStill!.Location);
        Assert.Equal(_tree.PathOf("Sitcom/Season 01/Sitcom - S01E02.webp"), second!.EpisodeStill!.Location);
        Assert.Null(third!.EpisodeStill);
        Assert.Equal(_tree.PathOf("Sitcom/show.jpg"), third.TitlePoster!.Location);
        Assert.Equal(_tree.PathOf("Flat Show/poster.png"), flat!.TitlePoster!.Location);
        Assert.Equal((null, null), (bare!.TitlePoster, bare.EpisodeStill));
        Assert.Equal(ArtworkKind.LocalFile, first.TitlePoster.Kind);
    }

    [Fact]
    public async Task An_ingest_stores_real_posters_and_stills_picks_up_a_poster_added_later_and_then_writes_nothing()
    {
        await using var h = await IngestHarness.CreateAsync();
        await h.VideoAsync("Sitcom/Season 01/Sitcom - S01E01.mkv");
        await h.VideoAsync("Sitcom/Season 01/Sitcom - S01E02.mkv");
        await TestMedia.ImageAsync(h.PathOf("Sitcom/Season 01/Sitcom - S01E01-thumb.jpg"), "blue");
        await h.VideoAsync("Heat (1995)/Heat (1995).mkv");
        await TestMedia.ImageAsync(h.PathOf("Heat (1995)/poster.png"), "green");
        await h.AddSourceAsync();
        await h.RunAsync();
        var source = await h.QueryAsync(db => db.Sources.Select(s => s.Id).SingleAsync());

        var heat = await h.QueryAsync(db => db.Titles.AsNoTracking().SingleAsync(t => t.Name == "Heat"));
        var sitcom = await h.QueryAsync(db => db.Titles.AsNoTracking().SingleAsync(t => t.Name == "Sitcom"));
        var stills = await h.QueryAsync(db => db.Episodes.AsNoTracking().OrderBy(e => e.Number).Select(e => e.Still).ToListAsync());
        Assert.Equal(ArtworkRef.LocalFile(source, CanonicalPath.Resolve(h.PathOf("Heat (1995)/poster.png"))), heat.Poster);
        Assert.Null(sitcom.Poster);
        Assert.Equal([ArtworkRef.LocalFile(source, CanonicalPath.Resolve(h.PathOf("Sitcom/Season 01/Sitcom - S01E01-thumb.jpg"))), null], stills);

        await TestMedia.ImageAsync(h.PathOf("Sitcom/folder.jpg"), "yellow");
        var added = await h.RunAsync();
        var again = await h.RunAsync();

        Assert.Equal((2, 1), (added.Updated, added.Unchanged));
        Assert.Equal(
            ArtworkRef.LocalFile(source, CanonicalPath.Resolve(h.PathOf("Sitcom/folder.jpg"))),
            await h.QueryAsync(db => db.Titles.Where(t => t.Name == "Sitcom").Select(t => t.Poster).SingleAsync()));
        Assert.Equal((0, 3), (again.Updated, again.Unchanged));
    }
}
