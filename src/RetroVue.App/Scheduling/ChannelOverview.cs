using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Scheduling;

/// <summary>A guide programme in a short listing: what it is, when it began (or begins), and the file it plays.</summary>
public sealed record OnAirProgramme(string Title, string? SubTitle, int? Season, int? Episode, DateTimeOffset Start, Guid? AssetId, TimelineEntryKind Kind);

/// <summary>A channel with the programme on air now and the one after it (null when the timeline does not reach that far).</summary>
public sealed record ChannelOnAir(ChannelView Channel, OnAirProgramme? Now, OnAirProgramme? Next);

/// <summary>Every channel with what it plays now and next: two indexed lookups per channel on the (channel, start) key.</summary>
public sealed class ChannelOverview(ChannelService channels, IUnitOfWork unitOfWork, TimeProvider clock)
{
    public async Task<IReadOnlyList<ChannelOnAir>> ListAsync(CancellationToken cancellationToken)
    {
        var views = await channels.ListAsync(cancellationToken);
        return await unitOfWork.ExecuteAsync<IReadOnlyList<ChannelOnAir>>(
            async (db, ct) =>
            {
                var now = clock.GetUtcNow().ToUniversalTime();
                var ids = await db.Channels.AsNoTracking().Select(c => new { c.Id, c.StableId }).ToDictionaryAsync(c => c.StableId, c => c.Id, StringComparer.OrdinalIgnoreCase, ct);
                var result = new List<ChannelOnAir>(views.Count);
                foreach (var view in views)
                {
                    if (!ids.TryGetValue(view.Id, out var id) || await TimelineQueries.AtAsync(db, id, now, ct) is not { } current)
                    {
                        result.Add(new ChannelOnAir(view, null, null));
                        continue;
                    }

                    // The next programme, not the filler that closes the current one.
                    var next = await db.TimelineEntries.AsNoTracking()
                        .Where(e => e.ChannelId == id && e.Start >= current.End && e.GuideKey > current.GuideKey)
                        .OrderBy(e => e.Start)
                        .FirstOrDefaultAsync(ct);
                    result.Add(new ChannelOnAir(view, Programme(current), next is null ? null : Programme(next)));
                }

                return result;
            },
            cancellationToken);
    }

    private static OnAirProgramme Programme(StoredTimelineEntry e) =>
        new(e.Title, e.SubTitle, e.SeasonNumber, e.EpisodeNumber, e.GuideKey, e.Kind == TimelineEntryKind.Program ? e.AssetId : null, e.Kind);
}
