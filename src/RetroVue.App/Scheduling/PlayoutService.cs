using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetroVue.App.Collections;
using RetroVue.App.Common;
using RetroVue.App.Review;
using RetroVue.Domain.Common;
using RetroVue.Domain.Review;
using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Scheduling;

public enum PlayoutAction
{
    /// <summary>A new timeline from now (first build, or --reset).</summary>
    Built,

    /// <summary>Continued from where the stored timeline ended.</summary>
    Extended,

    /// <summary>The schedule changed: the future was rebuilt after the programme on air.</summary>
    Rebuilt,

    UpToDate,
    Failed,
}

/// <param name="Channel">Build only this channel; null builds every enabled channel.</param>
/// <param name="Horizon">How far ahead of now; null uses <see cref="PlayoutOptions.HorizonDays"/>.</param>
/// <param name="Reset">Throw the stored timeline and state away and start again from now.</param>
public sealed record PlayoutRequest(ChannelNumber? Channel = null, TimeSpan? Horizon = null, bool Reset = false);

public sealed record PlayoutResult(
    string Channel,
    string Name,
    PlayoutAction Action,
    int EntriesWritten,
    DateTimeOffset? ReplacedFrom,
    DateTimeOffset? BuiltUntil,
    int Skipped,
    string? Error = null);

/// <summary>
/// Builds and extends channel timelines: continues from the stored state so series carry on where they stopped,
/// rebuilds only the future after a schedule change, and queues a review item for every file a schedule wanted but could not play.
/// </summary>
public sealed class PlayoutService(
    IUnitOfWork unitOfWork,
    CatalogSnapshotLoader catalogLoader,
    TimeProvider clock,
    IOptions<PlayoutOptions> options,
    ILogger<PlayoutService> logger)
{
    public static readonly TimeSpan MaxHorizon = TimeSpan.FromDays(60);

    public async Task<IReadOnlyList<PlayoutResult>> BuildAsync(PlayoutRequest request, CancellationToken cancellationToken)
    {
        var horizon = request.Horizon ?? options.Value.Horizon;
        if (horizon <= TimeSpan.Zero || horizon > MaxHorizon)
        {
            throw new UserFacingException($"A horizon of {horizon.TotalDays:0.##} days is out of range: use more than 0 and at most {MaxHorizon.TotalDays} days.");
        }

        var targets = await unitOfWork.ExecuteAsync<IReadOnlyList<(Guid Id, string Number, string Name)>>(
            async (db, ct) =>
            {
                if (request.Channel is { } number)
                {
                    var channel = await ChannelService.FindAsync(db, number, ct);
                    return [(channel.Id, channel.Number.ToString(), channel.Name)];
                }

                var enabled = await db.Channels.AsNoTracking().Where(c => c.Enabled).ToListAsync(ct);
                return enabled.OrderBy(c => c.Number).Select(c => (c.Id, c.Number.ToString(), c.Name)).ToList();
            },
            cancellationToken);
        return await BuildTargetsAsync(targets, horizon, request.Reset, cancellationToken);
    }

    /// <summary>
    /// Brings exactly these channels up to date to the configured horizon, enabled or not, with one catalog read:
    /// what an apply does for the channels it created or changed.
    /// </summary>
    public async Task<IReadOnlyList<PlayoutResult>> BuildChannelsAsync(IReadOnlyList<ChannelNumber> numbers, CancellationToken cancellationToken)
    {
        if (numbers.Count == 0)
        {
            return [];
        }

        var targets = await unitOfWork.ExecuteAsync<IReadOnlyList<(Guid Id, string Number, string Name)>>(
            async (db, ct) =>
            {
                var found = new List<(Guid, string, string)>(numbers.Count);
                foreach (var number in numbers)
                {
                    var channel = await ChannelService.FindAsync(db, number, ct);
                    found.Add((channel.Id, channel.Number.ToString(), channel.Name));
                }

                return found;
            },
            cancellationToken);
        return await BuildTargetsAsync(targets, options.Value.Horizon, reset: false, cancellationToken);
    }

    private async Task<IReadOnlyList<PlayoutResult>> BuildTargetsAsync(IReadOnlyList<(Guid Id, string Number, string Name)> targets, TimeSpan horizon, bool reset, CancellationToken cancellationToken)
    {
        if (targets.Count == 0)
        {
            return [];
        }

        var catalog = await unitOfWork.ExecuteAsync((db, ct) => catalogLoader.LoadAsync(db, ct), cancellationToken);
        var collections = await unitOfWork.ExecuteAsync((db, ct) => CollectionSet.LoadAsync(db, clock, ct), cancellationToken);
        var results = new List<PlayoutResult>(targets.Count);
        foreach (var (id, number, name) in targets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                results.Add(await unitOfWork.ExecuteAsync((db, ct) => BuildChannelAsync(db, id, catalog, collections, horizon, reset, ct), cancellationToken));
            }
            catch (Exception e) when (e is UserFacingException or DomainException or DbUpdateException)
            {
                // One broken channel must not keep the others from being extended.
                logger.LogError(e, "Building the timeline of channel {Channel} failed", number);
                results.Add(new PlayoutResult(number, name, PlayoutAction.Failed, 0, null, null, 0, e.Message));
            }
        }

        return results;
    }

    private async Task<PlayoutResult> BuildChannelAsync(IRetroVueDbContext db, Guid channelId, LoadedCatalog catalog, CollectionSet collections, TimeSpan horizon, bool reset, CancellationToken cancellationToken)
    {
        var channel = await db.Channels.AsNoTracking().FirstAsync(c => c.Id == channelId, cancellationToken);
        var playout = await db.ChannelPlayouts.FirstOrDefaultAsync(p => p.ChannelId == channelId, cancellationToken)
            ?? throw new UserFacingException($"Channel {channel.Number} has no schedule: apply one with 'retrovue channel apply FILE'.");
        var schedule = collections.Bind(StoredSchedule.Parse(channel, playout));
        var engine = new ScheduleEngine(channel, schedule, catalog.Snapshot);
        var now = clock.GetUtcNow().ToUniversalTime();
        var target = now + horizon;

        var (build, action) = await PlanAsync(db, channel, playout, engine, schedule, now, target, reset, cancellationToken);
        if (build is null)
        {
            return new PlayoutResult(channel.Number.ToString(), channel.Name, PlayoutAction.UpToDate, 0, null, playout.BuiltUntil, engine.Skipped.Count);
        }

        await db.TimelineEntries.Where(e => e.ChannelId == channelId && e.Start >= build.ReplaceFrom).ExecuteDeleteAsync(cancellationToken);
        db.TimelineEntries.AddRange(build.Entries.Select(e => StoredTimelineEntry.Of(channelId, e, catalog.DetailsFor(e.Programme))));
        var keepFrom = now - TimeSpan.FromHours(options.Value.KeepHistoryHours);
        await db.TimelineEntries.Where(e => e.ChannelId == channelId && e.End < keepFrom).ExecuteDeleteAsync(cancellationToken);
        playout.RecordBuild(ScheduleStateJson.Write(build.State), build.State.ResumeAt ?? target, now);
        await RaiseReviewItemsAsync(db, channel, build.Skipped, now, cancellationToken);
        logger.LogInformation("Channel {Channel}: {Action}, {Entries} entries from {From:O} to {Until:O}", channel.Number, action, build.Entries.Count, build.ReplaceFrom, build.State.ResumeAt);
        return new PlayoutResult(channel.Number.ToString(), channel.Name, action, build.Entries.Count, build.ReplaceFrom, playout.BuiltUntil, build.Skipped.Count);
    }

    private static async Task<(TimelineBuild? Build, PlayoutAction Action)> PlanAsync(
        IRetroVueDbContext db,
        Channel channel,
        ChannelPlayout playout,
        ScheduleEngine engine,
        ChannelSchedule schedule,
        DateTimeOffset now,
        DateTimeOffset target,
        bool reset,
        CancellationToken cancellationToken)
    {
        if (reset || playout.State is null)
        {
            await db.TimelineEntries.Where(e => e.ChannelId == channel.Id).ExecuteDeleteAsync(cancellationToken);
            return (engine.Build(now, target), PlayoutAction.Built);
        }

        var state = ScheduleStateJson.Read(playout.State);
        if (playout.RebuildPending)
        {
            // A rebuild recounts today's filler and the cooldowns from what stays on air, so it reads that far back.
            var since = now - TimeSpan.FromDays(2) - schedule.Filler.Cooldown;
            var existing = (await db.TimelineEntries.AsNoTracking()
                    .Where(e => e.ChannelId == channel.Id && e.End > since)
                    .OrderBy(e => e.Start)
                    .ToListAsync(cancellationToken))
                .Select(e => e.ToTimelineEntry())
                .ToList();
            if (existing.Count == 0 || now < existing[0].Start)
            {
                await db.TimelineEntries.Where(e => e.ChannelId == channel.Id).ExecuteDeleteAsync(cancellationToken);
                return (engine.Build(now, target), PlayoutAction.Built);
            }

            return (engine.RebuildFrom(state, existing, now, target), PlayoutAction.Rebuilt);
        }

        return state.ResumeAt is { } resumeAt && resumeAt < target
            ? (engine.Continue(state, target), PlayoutAction.Extended)
            : (null, PlayoutAction.UpToDate);
    }

    private static async Task RaiseReviewItemsAsync(IRetroVueDbContext db, Channel channel, IReadOnlyList<SkippedAsset> skipped, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (skipped.Count == 0)
        {
            return;
        }

        var recorder = new ReviewRecorder(db, now);
        await recorder.PreloadAsync(skipped.Select(s => s.AssetId).ToList(), cancellationToken);
        foreach (var item in skipped)
        {
            await recorder.RaiseAsync(
                item.AssetId,
                ReviewReason.MissingAtBuild,
                $"Channel {channel.Number} ({channel.Name}), pool '{item.Pool}': {item.Reason} It was left out of the timeline.",
                cancellationToken);
        }
    }
}
