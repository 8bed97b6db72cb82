using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RetroVue.App.Common;
using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Guide;

/// <summary>Reads the enabled channels and their stored timelines for the guide and the playlist.</summary>
public sealed class GuideService(IUnitOfWork unitOfWork, TimeProvider clock, IOptions<GuideOptions> options)
{
    /// <summary>A guide programme longer than this that started before the window is listed from the window's start.</summary>
    private static readonly TimeSpan LongestProgramme = TimeSpan.FromDays(1);

    public Task<IReadOnlyList<Channel>> ChannelsAsync(CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync<IReadOnlyList<Channel>>(
            async (db, ct) => (await db.Channels.AsNoTracking().Where(c => c.Enabled).ToListAsync(ct)).OrderBy(c => c.Number).ToList(),
            cancellationToken);

    public Task<GuideData> LoadAsync(CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var now = clock.GetUtcNow().ToUniversalTime();
                var from = now - TimeSpan.FromHours(options.Value.PastHours);
                var to = now + TimeSpan.FromHours(options.Value.Hours);
                var channels = (await db.Channels.AsNoTracking().Where(c => c.Enabled).ToListAsync(ct)).OrderBy(c => c.Number).ToList();
                var ids = channels.Select(c => c.Id).ToList();

                // Read back far enough to see where the programme on air at 'from' began, so it is listed whole.
                var readFrom = from - LongestProgramme;
                var rows = await db.TimelineEntries.AsNoTracking()
                    .Where(e => ids.Contains(e.ChannelId) && e.End > readFrom && e.GuideKey < to)
                    .OrderBy(e => e.ChannelId).ThenBy(e => e.Start)
                    .ToListAsync(ct);
                var byChannel = rows.GroupBy(r => r.ChannelId).ToDictionary(g => g.Key, g => g.ToList());
                var guide = channels
                    .Select(c => new GuideChannel(c, Window(byChannel.GetValueOrDefault(c.Id) ?? [], from)))
                    .ToList();
                return new GuideData(from, to, guide, options.Value.PlaceholderTitle);
            },
            cancellationToken);

    /// <summary>Programmes that end after the window opens; a programme whose beginning was not read is dropped rather than listed short.</summary>
    public static List<GuideListingItem> Window(IReadOnlyList<StoredTimelineEntry> rows, DateTimeOffset from) =>
        GuideListing.Group(rows)
            .Where(p => p.Stop > from && p.Start == p.Programme.GuideKey)
            .ToList();
}
