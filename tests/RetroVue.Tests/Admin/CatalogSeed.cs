using RetroVue.Domain.Library;
using RetroVue.Domain.Review;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Admin;

/// <summary>Writes a small catalog straight into a test database: a source, titles, probed files and review items.</summary>
public sealed class CatalogSeed(string connectionString)
{
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    public async Task<Source> SourceAsync(string name = "cartoons", string path = "/srv/cartoons")
    {
        await using var db = TestPostgres.CreateContext(connectionString);
        var source = new Source(name, SourceKind.Filesystem, new Dictionary<string, string> { ["path"] = path, ["kind"] = "shows" }, Now);
        db.Sources.Add(source);
        await db.SaveChangesAsync();
        return source;
    }

    public async Task<Title> TitleAsync(string name, TitleKind kind = TitleKind.Show, int? year = null)
    {
        await using var db = TestPostgres.CreateContext(connectionString);
        var title = new Title(kind, name, year, Now);
        db.Titles.Add(title);
        await db.SaveChangesAsync();
        return title;
    }

    /// <summary>Labels a source gives a title.</summary>
    public async Task LabelAsync(Title title, Source source, TagKind kind, params string[] names)
    {
        await using var db = TestPostgres.CreateContext(connectionString);
        foreach (var name in names)
        {
            db.TitleTags.Add(new TitleTag(title.Id, source.Id, kind, TagName.FromSource(name)!.Value));
        }

        await db.SaveChangesAsync();
    }

    /// <summary>Probed, playable files under the source's folder, optionally linked to a title.</summary>
    public async Task<IReadOnlyList<Asset>> AssetsAsync(Source source, IEnumerable<string> relativePaths, Guid? titleId = null, TimeSpan? length = null)
    {
        await using var db = TestPostgres.CreateContext(connectionString);
        var assets = new List<Asset>();
        foreach (var relative in relativePaths)
        {
            var asset = new Asset(source.Id, $"{source.GetSetting("path")}/{relative}", FileFingerprint.Of(734_003_200, Now), Now);
            asset.CompleteProbe(
                new ProbeResult
                {
                    Container = "matroska",
                    Duration = length ?? TimeSpan.FromMinutes(22),
                    BitRate = 2_500_000,
                    Streams =
                    [
                        new MediaStream { Index = 0, Kind = StreamKind.Video, Codec = "h264", Width = 640, Height = 480, FrameRate = 29.97, IsDefault = true },
                        new MediaStream { Index = 1, Kind = StreamKind.Audio, Codec = "aac", Channels = 2, SampleRate = 48000, Language = "eng", IsDefault = true },
                    ],
                },
                Now);
            if (titleId is { } id)
            {
                asset.AssignTitle(id, Now);
            }

            db.Assets.Add(asset);
            assets.Add(asset);
        }

        await db.SaveChangesAsync();
        return assets;
    }

    /// <summary>A season of a show: episodes 1..count, each with one probed file of the given length, for schedules to play.</summary>
    public async Task EpisodesAsync(Source source, Title show, int season, int count, TimeSpan length)
    {
        var assets = await AssetsAsync(source, Enumerable.Range(1, count).Select(e => $"{show.Name}/Season {season:00}/{show.Name} S{season:00}E{e:00}.mkv"), show.Id, length);
        await using var db = TestPostgres.CreateContext(connectionString);
        var seasonRow = new Season(show.Id, season);
        db.Seasons.Add(seasonRow);
        for (var e = 1; e <= count; e++)
        {
            var episode = new Episode(show.Id, seasonRow.Id, e, Now) { Name = $"Case {e}" };
            db.Episodes.Add(episode);
            db.EpisodeAssets.Add(new EpisodeAsset(episode.Id, assets[e - 1].Id));
        }

        await db.SaveChangesAsync();
    }

    public async Task<ReviewItem> ReviewAsync(Asset asset, ReviewReason reason = ReviewReason.UnmatchedName, string details = "The file name does not say which show it belongs to.")
    {
        await using var db = TestPostgres.CreateContext(connectionString);
        var item = new ReviewItem(asset.Id, reason, details, Now);
        db.ReviewItems.Add(item);
        await db.SaveChangesAsync();
        return item;
    }
}
