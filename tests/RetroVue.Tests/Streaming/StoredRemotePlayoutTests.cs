using RetroVue.App.Streaming;
using RetroVue.Domain.Scheduling;
using RetroVue.Tests.Channels;

namespace RetroVue.Tests.Streaming;

/// <summary>The stored timelines (PostgreSQL) resolve files only Plex can reach to their part URL with the token header.</summary>
public sealed class StoredRemotePlayoutTests
{
    [Fact]
    public async Task A_plex_asset_not_reachable_here_resolves_to_its_part_url_with_the_token_in_a_header_and_a_mounted_one_without_a_stream_key_to_none()
    {
        await using var harness = await ChannelHarness.CreateAsync();
        await harness.UsePlexSourceAsync(new Uri("http://plex.example:32400/"), "stored-plex-token");
        var episodes = await harness.ShowAsync("Sitcom", seasons: 1, episodes: 2, TimeSpan.FromMinutes(30));
        await harness.AlterAssetAsync(episodes[0], a => a.Locate(locallyReachable: false, "/library/parts/71/1700000000/file.mkv", ChannelHarness.Monday6));
        await harness.ApplyAsync(("sitcoms.yaml", Yamls.Sitcoms()));
        await harness.BuildAsync();

        var window = await harness.Get<StoredPlayoutSource>().AtAsync(ChannelNumber.Parse("2"), ChannelHarness.Monday6.AddMinutes(10), following: 1, CancellationToken.None);

        Assert.NotNull(window);
        Assert.Equal(episodes[0], window.Current.AssetId);
        var remote = Assert.IsType<RemoteMedia>(window.Current.Remote);
        Assert.Equal("Plex", remote.ServerName);
        Assert.Equal("http://plex.example:32400/library/parts/71/1700000000/file.mkv", remote.Url.ToString());
        Assert.Equal("stored-plex-token", remote.Headers["X-Plex-Token"]);
        Assert.DoesNotContain("stored-plex-token", remote.Url.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("stored-plex-token", remote.ToString(), StringComparison.Ordinal);
        var next = Assert.Single(window.Following);
        Assert.Equal(episodes[1], next.AssetId);
        Assert.Null(next.Remote);
    }
}
