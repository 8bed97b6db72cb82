using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Guide;

/// <summary>One guide programme as a grid cell: its start and stop (to the second, as every guide shows them), and the file and title it links to.</summary>
/// <param name="Start">When the programme began, also when that is before the window.</param>
/// <param name="Stop">When its last entry ends.</param>
/// <param name="AssetId">The programme's main file; null for a slate.</param>
public sealed record GridProgramme(
    DateTimeOffset Start,
    DateTimeOffset Stop,
    string Title,
    string? SubTitle,
    int? Season,
    int? Episode,
    bool IsMovie,
    Guid? AssetId,
    Guid? TitleId);

public sealed record GridChannel(string Number, string Name, string? Group, string? LogoUrl, string TimeZone, IReadOnlyList<GridProgramme> Programmes);

/// <summary>The guide of every enabled channel for [From, To).</summary>
public sealed record GuideGridData(DateTimeOffset From, DateTimeOffset To, DateTimeOffset Now, IReadOnlyList<GridChannel> Channels);

/// <summary>Reads the stored timelines of all enabled channels for a window of the admin's guide grid.</summary>
public sealed class GuideGrid(IUnitOfWork unitOfWork, TimeProvider clock)
{
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(24);

    /// <summary>A programme longer than this that began before the window is shown from the window's start.</summary>
    private static readonly TimeSpan LongestProgramme = TimeSpan.FromHours(12);

    public Task<GuideGridData> LoadAsync(DateTimeOffset from, TimeSpan length, CancellationToken cancellationToken)
    {
        if (length <= TimeSpan.Zero || length > MaxWindow)
        {
            throw new UserFacingException($"A guide window covers more than 0 and at most {MaxWindow.TotalHours:0} hours.");
        }

        return unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var start = from.ToUniversalTime();
                var end = start + length;
                var channels = (await db.Channels.AsNoTracking().Where(c => c.Enabled).ToListAsync(ct)).OrderBy(c => c.Number).ToList();
                var ids = channels.Select(c => c.Id).ToList();

                // From a little earlier, so a programme on air at the window's start is grouped from its first entry.
                var readFrom = start - LongestProgramme;
                var rows = await db.TimelineEntries.AsNoTracking()
                    .Where(e => ids.Contains(e.ChannelId) && e.End > readFrom && e.Start < end)
                    .OrderBy(e => e.ChannelId).ThenBy(e => e.Start)
                    .ToListAsync(ct);
                var byChannel = rows.GroupBy(r => r.ChannelId).ToDictionary(g => g.Key, g => g.ToList());
                var grid = channels
                    .Select(c => new GridChannel(c.Number.ToString(), c.Name, c.Group, c.LogoUrl, c.TimeZoneId, Programmes(byChannel.GetValueOrDefault(c.Id) ?? [], start)))
                    .ToList();
                return new GuideGridData(start, end, clock.GetUtcNow().ToUniversalTime(), grid);
            },
            cancellationToken);
    }

    private static List<GridProgramme> Programmes(List<StoredTimelineEntry> rows, DateTimeOffset from)
    {
        var byKey = rows.ToLookup(r => r.GuideKey);
        return GuideListing.Group(rows)
            .Where(p => p.Stop > from)
            .Select(p =>
            {
                var main = byKey[p.Programme.GuideKey].FirstOrDefault(e => e.Kind == TimelineEntryKind.Program);
                var programme = p.Programme;
                // Rounded to the second like every other guide view, so the grid's clock labels agree with the XMLTV guide.
                return new GridProgramme(
                    GuideTime.Round(programme.GuideKey < p.Start ? programme.GuideKey : p.Start),
                    GuideTime.Round(p.Stop),
                    programme.Title,
                    programme.SubTitle,
                    programme.SeasonNumber,
                    programme.EpisodeNumber,
                    programme.IsMovie,
                    main?.AssetId,
                    main?.TitleId);
            })
            .ToList();
    }
}
