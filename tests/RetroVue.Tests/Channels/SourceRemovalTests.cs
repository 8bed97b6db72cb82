using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.App.Sources;
using RetroVue.Domain.Library;
using RetroVue.Domain.Scheduling;
using RetroVue.Tests.Cli;

namespace RetroVue.Tests.Channels;

/// <summary>
/// Removing a source with --force: its files leave the catalog with the titles and episodes only they stood for,
/// and the channels that played them are rebuilt from the programme on air on.
/// </summary>
public sealed class SourceRemovalTests
{
    private static readonly TimeSpan HalfHour = TimeSpan.FromMinutes(30);

    [Fact]
    public async Task Removing_a_source_rebuilds_the_channels_that_played_its_files_and_keeps_the_entry_on_air()
    {
        await using var harness = await SeededAsync();
        var oldFiles = await OldFilesAsync(harness);
        await harness.ApplyAsync(("c.yaml", Yamls.Sitcoms()));
        await harness.BuildAsync();
        var before = await harness.TimelineAsync("2");
        var onAir = before.First(e => e.Start > ChannelHarness.Monday6.AddHours(2) && e.AssetId is { } id && oldFiles.Contains(id));
        harness.Clock.Now = onAir.Start.AddMinutes(7);
        var now = harness.Clock.Now;

        var removal = await harness.Get<SourceService>().RemoveAsync("old", force: true, CancellationToken.None);
        var after = await harness.TimelineAsync("2");

        Assert.Equal(oldFiles.Count, removal.FilesRemoved);
        Assert.Empty(removal.RebuildFailures);
        var rebuilt = Assert.Single(removal.RebuiltChannels);
        Assert.Equal(("2", "Sitcoms"), (rebuilt.Number, rebuilt.Name));
        Assert.Equal(before.Where(e => e.GuideKey == onAir.GuideKey).Max(e => e.End), rebuilt.RebuiltFrom);

        // The entry on air keeps its times and plays a slate for the rest of it; nothing after it names a removed file.
        var kept = Assert.Single(after, e => e.Start == onAir.Start);
        Assert.Equal((onAir.End, (Guid?)null), (kept.End, kept.AssetId));
        Assert.DoesNotContain(after, e => e.End > now && e.AssetId is { } id && oldFiles.Contains(id));
        Assert.All(after.Where(e => e.Start >= rebuilt.RebuiltFrom && e.Kind == TimelineEntryKind.Program), e => Assert.NotNull(e.AssetId));
        Assert.Null(TimelineChecks.FirstProblem(after.Select(e => e.ToTimelineEntry()).ToList()));
        Assert.True(after[^1].End >= now.AddDays(7), "the rebuilt timeline reaches the horizon");
        Assert.Equal(
            before.Where(e => e.Start < onAir.Start).Select(e => (e.Start, e.End, e.Title, e.SubTitle)),
            after.Where(e => e.Start < onAir.Start).Select(e => (e.Start, e.End, e.Title, e.SubTitle)));
        Assert.False((await harness.Channels.ListAsync(CancellationToken.None)).Single().RebuildPending);
    }

    [Fact]
    public async Task Removing_a_source_removes_the_titles_and_episodes_only_it_had_and_keeps_the_others()
    {
        await using var harness = await SeededAsync();

        var removal = await harness.Get<SourceService>().RemoveAsync("old", force: true, CancellationToken.None);

        Assert.Equal((4, 1, 1, 3), (removal.FilesRemoved, removal.TitlesRemoved, removal.SeasonsRemoved, removal.EpisodesRemoved));
        Assert.Empty(removal.RebuiltChannels);
        var catalog = await harness.QueryAsync(async db => new
        {
            Titles = await db.Titles.OrderBy(t => t.Name).Select(t => t.Name).ToListAsync(),
            Seasons = await db.Seasons.Join(db.Titles, s => s.TitleId, t => t.Id, (s, t) => t.Name + " " + s.Number).OrderBy(n => n).ToListAsync(),
            Episodes = await db.Episodes.CountAsync(),
            Assets = await db.Assets.CountAsync(),
        });

        // Sitcom keeps its first season (files from "lib"); Gone had files only in "old"; Lonely never had any and is not touched.
        Assert.Equal(["Lonely", "Sitcom"], catalog.Titles);
        Assert.Equal(["Sitcom 1"], catalog.Seasons);
        Assert.Equal((6, 6), (catalog.Episodes, catalog.Assets));
    }

    [Fact]
    public async Task Removing_a_source_with_files_without_force_is_refused_and_changes_nothing()
    {
        await using var harness = await SeededAsync();
        await harness.ApplyAsync(("c.yaml", Yamls.Sitcoms()));
        await harness.BuildAsync();
        var channels = await harness.ChannelTablesAsync();
        var catalog = await CatalogCountsAsync(harness);

        var refused = await Assert.ThrowsAsync<ConflictException>(() => harness.Get<SourceService>().RemoveAsync("old", force: false, CancellationToken.None));

        Assert.Contains("Source 'old' has 4 files in the catalog", refused.Message);
        Assert.Equal(channels, await harness.ChannelTablesAsync());
        Assert.Equal(catalog, await CatalogCountsAsync(harness));
    }

    [Fact]
    public async Task The_cli_refuses_without_force_and_prints_the_summary_as_json_with_it()
    {
        await using var harness = await SeededAsync();
        var cli = new CliRunner(harness.ConnectionString);

        var refused = await cli.RunAsync("source", "remove", "old");
        var removed = await cli.RunAsync("source", "remove", "old", "--force", "--json");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Pass --force", refused.StandardError);
        Assert.True(removed.ExitCode == 0, removed.StandardError);
        using var json = JsonDocument.Parse(removed.StandardOutput);
        var root = json.RootElement;
        Assert.Equal("old", root.GetProperty("source").GetString());
        Assert.Equal(4, root.GetProperty("filesRemoved").GetInt32());
        Assert.Equal(1, root.GetProperty("titlesRemoved").GetInt32());
        Assert.Equal(3, root.GetProperty("episodesRemoved").GetInt32());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("rebuiltChannels").ValueKind);
        Assert.Equal(0, root.GetProperty("rebuildFailures").GetArrayLength());
    }

    [Fact]
    public async Task Removing_the_only_files_of_a_channels_pool_still_removes_the_source_and_leaves_a_gapless_timeline()
    {
        await using var harness = await SeededAsync();
        await harness.ApplyAsync(("m.yaml", Yamls.Channel("9", "Movies", """
            pools:
              - name: films
                movies: true
            layers:
              - name: every day
                days: all
                blocks:
                  - at: "06:00"
                    kind: marathon
                    pool: films
            """)));
        await harness.BuildAsync();
        harness.Clock.Now = ChannelHarness.Monday6.AddHours(5);
        var now = harness.Clock.Now;

        var removal = await harness.Get<SourceService>().RemoveAsync("old", force: true, CancellationToken.None);
        var after = await harness.TimelineAsync("9");

        Assert.Equal(4, removal.FilesRemoved);
        Assert.Equal(0, await harness.QueryAsync(db => db.Assets.CountAsync(a => a.CanonicalPath.StartsWith("/old/"))));
        // An empty pool is not a build error: the channel stands by (slate) until films are added.
        Assert.Empty(removal.RebuildFailures);
        var rebuilt = Assert.Single(removal.RebuiltChannels);
        Assert.Equal("9", rebuilt.Number);
        Assert.All(after.Where(e => e.Start >= rebuilt.RebuiltFrom), e => Assert.Null(e.AssetId));
        var remaining = await harness.QueryAsync(async db => (await db.Assets.Select(a => a.Id).ToListAsync()).ToHashSet());
        Assert.DoesNotContain(after, e => e.End > now && e.AssetId is { } id && !remaining.Contains(id));
        Assert.Null(TimelineChecks.FirstProblem(after.Select(e => e.ToTimelineEntry()).ToList()));
        Assert.True(after[^1].End >= now.AddDays(7), "the timeline still reaches the horizon");
    }

    /// <summary>
    /// Source "lib" has Sitcom season 1 (6 episodes); source "old" has Sitcom season 2 (3 episodes) and the movie Gone;
    /// the title Lonely has no files at all.
    /// </summary>
    private static async Task<ChannelHarness> SeededAsync()
    {
        var harness = await ChannelHarness.CreateAsync();
        await harness.ShowAsync("Sitcom", 1, 6, HalfHour);
        await harness.QueryAsync(async db =>
        {
            var now = ChannelHarness.Monday6;
            var old = new Source("old", SourceKind.Filesystem, new Dictionary<string, string> { ["path"] = "/old" }, now);
            db.Sources.Add(old);
            var sitcom = await db.Titles.SingleAsync(t => t.Name == "Sitcom");
            var season = new Season(sitcom.Id, 2);
            db.Seasons.Add(season);
            for (var e = 1; e <= 3; e++)
            {
                var episode = new Episode(sitcom.Id, season.Id, e, now) { Name = $"Sitcom 2x{e}" };
                db.Episodes.Add(episode);
                var asset = PlayableAsset(old, $"/old/Sitcom/S02E{e:00}.mkv", sitcom.Id, HalfHour);
                db.Assets.Add(asset);
                db.EpisodeAssets.Add(new EpisodeAsset(episode.Id, asset.Id));
            }

            var gone = new Title(TitleKind.Movie, "Gone", 1990, now);
            db.Titles.Add(gone);
            db.Assets.Add(PlayableAsset(old, "/old/Gone.mkv", gone.Id, TimeSpan.FromMinutes(90)));
            db.Titles.Add(new Title(TitleKind.Show, "Lonely", null, now));
            return await db.SaveChangesAsync();
        });
        return harness;
    }

    private static Task<HashSet<Guid>> OldFilesAsync(ChannelHarness harness) =>
        harness.QueryAsync(async db => (await db.Assets.Where(a => db.Sources.Any(s => s.Id == a.SourceId && s.Name == "old")).Select(a => a.Id).ToListAsync()).ToHashSet());

    private static Task<string> CatalogCountsAsync(ChannelHarness harness) =>
        harness.QueryAsync(async db =>
            $"{await db.Sources.CountAsync()} {await db.Titles.CountAsync()} {await db.Seasons.CountAsync()} {await db.Episodes.CountAsync()} {await db.Assets.CountAsync()} {await db.TimelineEntries.CountAsync(e => e.AssetId != null)}");

    private static Asset PlayableAsset(Source source, string path, Guid titleId, TimeSpan length)
    {
        var asset = new Asset(source.Id, path, new FileFingerprint(1000, ChannelHarness.Monday6), ChannelHarness.Monday6);
        asset.AssignTitle(titleId, ChannelHarness.Monday6);
        asset.CompleteProbe(
            new ProbeResult
            {
                Container = "matroska",
                Duration = length,
                Streams = [new MediaStream { Index = 0, Kind = StreamKind.Video, Codec = "h264", Width = 640, Height = 360 }],
            },
            ChannelHarness.Monday6);
        return asset;
    }
}
