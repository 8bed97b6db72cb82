using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.App.Scheduling;
using RetroVue.Domain.Library;
using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Streaming;

/// <summary>
/// The streaming engine's view of the persisted channels and timelines: enabled channels only, each entry
/// resolved to its file and probed streams, and (for files a media server streams) to its remote location. The lookup
/// is the indexed "last entry starting at or before t"; assets and their sources are loaded in one query each.
/// </summary>
public sealed class StoredPlayoutSource(IUnitOfWork unitOfWork, IEnumerable<IRemoteMediaLocator> remoteLocators) : IPlayoutSource, IChannelDirectory
{
    private readonly IReadOnlyList<IRemoteMediaLocator> _remoteLocators = remoteLocators.ToList();

    public Task<PlayoutChannel?> FindChannelAsync(ChannelNumber number, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) => await FindAsync(db, number, ct) is { } channel ? ToPlayout(channel) : null,
            cancellationToken);

    public Task<PlayoutWindow?> AtAsync(ChannelNumber number, DateTimeOffset instant, int following, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                if (await FindAsync(db, number, ct) is not { } channel
                    || await TimelineQueries.AtAsync(db, channel.Id, instant, ct) is not { } current)
                {
                    return null;
                }

                var next = await db.TimelineEntries.AsNoTracking()
                    .Where(e => e.ChannelId == channel.Id && e.Start >= current.End)
                    .OrderBy(e => e.Start)
                    .Take(Math.Clamp(following, 0, TimelineQueries.MaxNext))
                    .ToListAsync(ct);
                var assetIds = next.Append(current).Select(e => e.AssetId).OfType<Guid>().Distinct().ToList();
                var assets = await db.Assets.AsNoTracking().Where(a => assetIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
                var remotes = await RemoteLocationsAsync(db, assets.Values, ct);
                return new PlayoutWindow(
                    ToPlayout(channel),
                    Resolve(current, assets, remotes),
                    instant - current.Start,
                    next.Select(e => Resolve(e, assets, remotes)).ToList());
            },
            cancellationToken);

    public Task<IReadOnlyList<LineupChannel>> ListAsync(CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync<IReadOnlyList<LineupChannel>>(
            async (db, ct) => (await db.Channels.AsNoTracking().Where(c => c.Enabled).ToListAsync(ct))
                .OrderBy(c => c.Number)
                .Select(c => new LineupChannel(c.Number, c.Name))
                .ToList(),
            cancellationToken);

    private static Task<Channel?> FindAsync(IRetroVueDbContext db, ChannelNumber number, CancellationToken cancellationToken) =>
        db.Channels.AsNoTracking().FirstOrDefaultAsync(c => c.Number == number && c.Enabled, cancellationToken);

    private static PlayoutChannel ToPlayout(Channel channel) => new(channel.Number, channel.Name, channel.Profile);

    /// <summary>
    /// Where each asset with a stream key can be read remotely. Whether it is read locally or remotely is decided
    /// when it starts (the mount may have come or gone since the last sync), so every such asset gets one.
    /// </summary>
    private async Task<IReadOnlyDictionary<Guid, RemoteMedia>> RemoteLocationsAsync(IRetroVueDbContext db, IEnumerable<Asset> assets, CancellationToken cancellationToken)
    {
        var streamed = assets.Where(a => a.StreamKey is not null).ToList();
        if (streamed.Count == 0 || _remoteLocators.Count == 0)
        {
            return new Dictionary<Guid, RemoteMedia>();
        }

        var sourceIds = streamed.Select(a => a.SourceId).Distinct().ToList();
        var sources = await db.Sources.AsNoTracking().Where(s => sourceIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var remotes = new Dictionary<Guid, RemoteMedia>();
        foreach (var asset in streamed)
        {
            if (sources.GetValueOrDefault(asset.SourceId) is { } source
                && _remoteLocators.Select(l => l.Locate(source, asset)).FirstOrDefault(r => r is not null) is { } remote)
            {
                remotes[asset.Id] = remote;
            }
        }

        return remotes;
    }

    /// <summary>An entry whose file is gone from the catalog plays as a slate rather than failing the stream.</summary>
    private static PlayoutItem Resolve(StoredTimelineEntry entry, IReadOnlyDictionary<Guid, Asset> assets, IReadOnlyDictionary<Guid, RemoteMedia> remotes)
    {
        var asset = entry.AssetId is { } id ? assets.GetValueOrDefault(id) : null;
        return new PlayoutItem
        {
            AssetId = entry.AssetId,
            FilePath = asset?.CanonicalPath,
            Streams = asset?.Streams ?? [],
            Remote = asset is null ? null : remotes.GetValueOrDefault(asset.Id),
            InPoint = entry.InPoint,
            Start = entry.Start,
            End = entry.End,
            Title = entry.SubTitle is null ? entry.Title : $"{entry.Title}: {entry.SubTitle}",
        };
    }
}
