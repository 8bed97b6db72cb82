using Microsoft.EntityFrameworkCore;
using RetroVue.Adapters.Streaming.Remote;
using RetroVue.App.Streaming;
using RetroVue.Tests.Jellyfin.Support;

namespace RetroVue.Tests.Jellyfin;

/// <summary>Items not reachable here play from the server's static stream URL, the key in a header, through the same remote relay Plex items use.</summary>
public sealed class JellyfinRemoteStreamTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_synced_item_not_reachable_here_streams_byte_ranges_from_the_server_with_the_key_only_in_a_header(bool emby)
    {
        await using var h = await JellyfinSyncHarness.CreateAsync(emby);
        h.ServeShows(shows: 1, episodesPerShow: 1);
        var content = new byte[188 * 1000];
        new Random(12).NextBytes(content);
        h.Server.SetFile(JellyfinPayloads.EpisodeId(0, 1), content);
        await h.AddSourceAsync(pathMaps: [new App.Sources.PathMappingView("/media", "/mnt/not-mounted")]);
        await h.SyncAsync();
        var source = await h.QueryAsync(db => db.Sources.AsNoTracking().SingleAsync());
        var asset = (await h.AssetsAsync()).Single();

        var remote = h.Get<IEnumerable<IRemoteMediaLocator>>().Select(l => l.Locate(source, asset)).Single(r => r is not null)!;
        using var answer = (await h.Get<RemoteMediaClient>().SendAsync(remote, HttpMethod.Get, "bytes=1880-", CancellationToken.None)).Response!;
        var body = await answer.Content.ReadAsByteArrayAsync();

        Assert.False(asset.LocallyReachable);
        Assert.Equal(emby ? "Emby" : "Jellyfin", remote.ServerName);
        Assert.Equal(206, (int)answer.StatusCode);
        Assert.Equal(content[1880..], body);
        Assert.DoesNotContain(h.Server.ApiKey, remote.Url.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(h.Server.ApiKey, remote.ToString(), StringComparison.Ordinal);
        var streamed = h.Server.Requests.Single(r => r.Path.EndsWith("/stream", StringComparison.Ordinal));
        Assert.Equal("true", streamed.Query["static"]);
        Assert.DoesNotContain(h.Server.ApiKey, streamed.RawTarget, StringComparison.Ordinal);
    }
}
