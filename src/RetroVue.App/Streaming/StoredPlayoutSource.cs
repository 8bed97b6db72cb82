using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.App.Scheduling;
using RetroVue.Domain.Library;
using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Streaming;

/// <summary>
/// The streaming engine's view of the persisted channels and timelines: enabled channels only, each entry
/// resolved to its file and probed streams. The lookup is the indexed "last entry starting at or before t".
/// </summary>
public sealed class StoredPlayoutSource(IUnitOfWork unitOfWork) : IPlayoutSource, IChannelDirectory
{
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
                return new PlayoutWindow(
                    ToPlayout(channel),
                    Resolve(current, assets),
                    instant - current.Start,
                    next.Select(e => Resolve(e, assets)).ToList());
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

    /// <summary>An entry whose file is gone from the catalog plays as a slate rather than failing the stream.</summary>
    private static PlayoutItem Resolve(StoredTimelineEntry entry, IReadOnlyDictionary<Guid, Asset> assets)
    {
        var asset = entry.AssetId is { } id ? assets.GetValueOrDefault(id) : null;
        return new PlayoutItem
        {
            AssetId = entry.AssetId,
            FilePath = asset?.CanonicalPath,
            Streams = asset?.Streams ?? [],
            InPoint = entry.InPoint,
            Start = entry.Start,
            End = entry.End,
            Title = entry.SubTitle is null ? entry.Title : $"{entry.Title}: {entry.SubTitle}",
        };
    }
}
