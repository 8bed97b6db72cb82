using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Scheduling;

public sealed record TimelineEntryView(
    DateTimeOffset Start,
    DateTimeOffset End,
    TimelineEntryKind Kind,
    Guid? AssetId,
    double InPointSeconds,
    double OutPointSeconds,
    string Title,
    string? SubTitle,
    int? Season,
    int? Episode,
    DateTimeOffset GuideStart)
{
    public static TimelineEntryView Of(StoredTimelineEntry e) =>
        new(e.Start, e.End, e.Kind, e.AssetId, e.InPoint.TotalSeconds, e.OutPoint.TotalSeconds, e.Title, e.SubTitle, e.SeasonNumber, e.EpisodeNumber, e.GuideKey);
}

/// <summary>What is on a channel at an instant: the entry, how far into it, and what follows.</summary>
public sealed record NowPlayingView(string Channel, string ChannelId, string Name, DateTimeOffset At, TimelineEntryView Current, double OffsetSeconds, IReadOnlyList<TimelineEntryView> Next);

public sealed record ProgrammeView(
    DateTimeOffset Start,
    DateTimeOffset Stop,
    string Title,
    string? SubTitle,
    int? Season,
    int? Episode,
    bool IsMovie,
    int Entries,
    double FillerSeconds,
    IReadOnlyList<TimelineEntryView> Items)
{
    /// <summary>The programme with its start and stop rounded to the second as every guide shows them; its entries keep their exact instants.</summary>
    public static ProgrammeView Of(GuideListingItem programme, IEnumerable<StoredTimelineEntry> entries) =>
        new(
            GuideTime.Round(programme.Start),
            GuideTime.Round(programme.Stop),
            programme.Programme.Title,
            programme.Programme.SubTitle,
            programme.Programme.SeasonNumber,
            programme.Programme.EpisodeNumber,
            programme.Programme.IsMovie,
            programme.Entries,
            programme.Filler.TotalSeconds,
            entries.Select(TimelineEntryView.Of).ToList());
}

public sealed record ChannelTimelineView(string Channel, string ChannelId, string Name, string TimeZone, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ProgrammeView> Programmes);

/// <summary>Reads stored timelines. Every lookup by instant uses the (channel, start) primary key: O(log n).</summary>
public sealed class TimelineQueries(IUnitOfWork unitOfWork, TimeProvider clock)
{
    public const int MaxNext = 100;

    /// <summary>The entry playing at <paramref name="at"/> (default now), the offset into it and the <paramref name="next"/> entries after it.</summary>
    public Task<NowPlayingView> NowAsync(ChannelNumber number, DateTimeOffset? at, int next, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var instant = (at ?? clock.GetUtcNow()).ToUniversalTime();
                var channel = await ChannelService.FindAsync(db, number, ct);
                var current = await AtAsync(db, channel.Id, instant, ct)
                    ?? throw new NotFoundException($"Channel {number} has nothing scheduled at {instant:yyyy-MM-dd HH:mm:ss}Z: run 'retrovue playout build'.");
                var following = await db.TimelineEntries.AsNoTracking()
                    .Where(e => e.ChannelId == channel.Id && e.Start >= current.End)
                    .OrderBy(e => e.Start)
                    .Take(Math.Clamp(next, 0, MaxNext))
                    .ToListAsync(ct);
                return new NowPlayingView(
                    channel.Number.ToString(),
                    channel.StableId,
                    channel.Name,
                    instant,
                    TimelineEntryView.Of(current),
                    (instant - current.Start).TotalSeconds,
                    following.Select(TimelineEntryView.Of).ToList());
            },
            cancellationToken);

    /// <summary>The stored entry covering the instant: the last one starting at or before it, if it has not ended.</summary>
    public static async Task<StoredTimelineEntry?> AtAsync(IRetroVueDbContext db, Guid channelId, DateTimeOffset instant, CancellationToken cancellationToken)
    {
        var entry = await db.TimelineEntries.AsNoTracking()
            .Where(e => e.ChannelId == channelId && e.Start <= instant)
            .OrderByDescending(e => e.Start)
            .FirstOrDefaultAsync(cancellationToken);
        return entry is not null && entry.End > instant ? entry : null;
    }

    /// <summary>The guide programmes of a channel that overlap [from, from + length), with their entries.</summary>
    public Task<ChannelTimelineView> ProgrammesAsync(ChannelNumber number, DateTimeOffset? from, TimeSpan length, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var start = (from ?? clock.GetUtcNow()).ToUniversalTime();
                var end = start + length;
                var channel = await ChannelService.FindAsync(db, number, ct);

                // Start at the programme on air at 'start', so its first entries (a pre-roll) are included.
                var first = await AtAsync(db, channel.Id, start, ct);
                var readFrom = first?.GuideKey ?? start;
                var rows = await db.TimelineEntries.AsNoTracking()
                    .Where(e => e.ChannelId == channel.Id && e.Start >= readFrom && e.GuideKey < end)
                    .OrderBy(e => e.Start)
                    .ToListAsync(ct);
                var byKey = rows.ToLookup(r => r.GuideKey);
                var programmes = GuideListing.Group(rows)
                    .Where(p => p.Stop > start)
                    .Select(p => ProgrammeView.Of(p, byKey[p.Programme.GuideKey]))
                    .ToList();
                return new ChannelTimelineView(channel.Number.ToString(), channel.StableId, channel.Name, channel.TimeZoneId, start, end, programmes);
            },
            cancellationToken);
}
