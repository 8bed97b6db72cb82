using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.App.Scheduling;
using RetroVue.Domain.Common;
using RetroVue.Domain.Library;
using RetroVue.Domain.Review;
using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Sources;

/// <summary>A source as listed to an operator. Settings that hold secrets are masked.</summary>
public sealed record SourceSummary(
    string Name,
    string Kind,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyList<PathMappingView> PathMappings,
    int Assets,
    int ReadyAssets,
    int RetiredAssets,
    int PendingReview,
    DateTimeOffset CreatedAt,
    SyncRunView? LastSync = null);

public sealed record PathMappingView(string From, string To);

/// <summary>One sync of a source as an operator sees it (the latest one in a listing).</summary>
public sealed record SyncRunView(
    string Mode,
    string Trigger,
    string Outcome,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    SyncCounts Counts,
    string? Error)
{
    public static SyncRunView Of(SyncRun run) => new(
        run.Mode.ToString().ToLowerInvariant(),
        run.Trigger.ToString().ToLowerInvariant(),
        run.Outcome.ToString().ToLowerInvariant(),
        run.StartedAt,
        run.FinishedAt,
        new SyncCounts(run.FilesFound, run.Added, run.Updated, run.Unchanged, run.Retired, run.Probed, run.ProbeFailures, run.SentToReview),
        run.Error);
}

/// <summary>Adding, listing and removing sources.</summary>
public sealed class SourceService(IUnitOfWork unitOfWork, PlayoutService playout, TimeProvider clock)
{
    /// <summary>Setting keys whose values are secrets: never printed, never returned.</summary>
    public static readonly IReadOnlySet<string> SecretSettings = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "token", "password" };

    public Task<SourceSummary> AddFilesystemAsync(string name, string path, SourceContentKind kind, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(path);
        if (!Directory.Exists(fullPath))
        {
            throw new UserFacingException(File.Exists(fullPath)
                ? $"{fullPath} is a file; a filesystem source needs a folder."
                : $"The folder {fullPath} does not exist.");
        }

        var settings = new Dictionary<string, string>
        {
            ["path"] = fullPath,
            ["kind"] = kind.ToString().ToLowerInvariant(),
        };
        return AddAsync(name, SourceKind.Filesystem, settings, [], cancellationToken);
    }

    public Task<SourceSummary> AddAsync(
        string name,
        SourceKind kind,
        IDictionary<string, string> settings,
        IReadOnlyList<(string From, string To)> pathMappings,
        CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                if (!Source.IsValidName(name))
                {
                    // Checked before the name is looked up: a name PostgreSQL cannot even compare (U+0000) is a typing error too.
                    throw new UserFacingException($"'{name}' is not a valid source name: use 1-64 letters, digits, '-', '_' or '.'.");
                }

                if (await db.Sources.AnyAsync(s => s.Name == name, ct))
                {
                    throw new ConflictException($"A source named '{name}' exists already.");
                }

                Source source;
                try
                {
                    source = new Source(name, kind, settings, clock.GetUtcNow());
                    foreach (var (from, to) in pathMappings)
                    {
                        source.AddPathMapping(from, to);
                    }
                }
                catch (DomainException e)
                {
                    throw new UserFacingException(e.Message, e);
                }

                db.Sources.Add(source);
                return Summarize(source, 0, 0, 0, 0);
            },
            cancellationToken);

    public Task<IReadOnlyList<SourceSummary>> ListAsync(CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync<IReadOnlyList<SourceSummary>>(
            async (db, ct) =>
            {
                var sources = await db.Sources.AsNoTracking().Include(s => s.PathMappings).OrderBy(s => s.Name).ToListAsync(ct);
                var assetCounts = await db.Assets.GroupBy(a => new { a.SourceId, a.State })
                    .Select(g => new { g.Key.SourceId, g.Key.State, Count = g.Count() })
                    .ToListAsync(ct);
                var reviewCounts = await db.ReviewItems.Where(r => r.Status == ReviewStatus.Pending)
                    .Join(db.Assets, r => r.AssetId, a => a.Id, (r, a) => a.SourceId)
                    .GroupBy(sourceId => sourceId)
                    .Select(g => new { SourceId = g.Key, Count = g.Count() })
                    .ToListAsync(ct);
                var lastRuns = (await db.SyncRuns.AsNoTracking()
                        .GroupBy(r => r.SourceId)
                        .Select(g => g.OrderByDescending(r => r.StartedAt).First())
                        .ToListAsync(ct))
                    .ToDictionary(r => r.SourceId);
                return sources.Select(s => Summarize(
                        s,
                        assetCounts.Where(c => c.SourceId == s.Id).Sum(c => c.Count),
                        assetCounts.Where(c => c.SourceId == s.Id && c.State == AssetState.Ready).Sum(c => c.Count),
                        assetCounts.Where(c => c.SourceId == s.Id && c.State == AssetState.Retired).Sum(c => c.Count),
                        reviewCounts.FirstOrDefault(c => c.SourceId == s.Id)?.Count ?? 0,
                        lastRuns.GetValueOrDefault(s.Id)))
                    .ToList();
            },
            cancellationToken);

    /// <summary>
    /// Removes a source. One that still has files in the catalog is removed only with <paramref name="force"/>: its
    /// files go, and with them the titles, seasons and episodes only they stood for (one transaction). Then every
    /// channel whose future played one of the files is rebuilt from the programme on air on, as a schedule change
    /// would be; the programme on air keeps its times and plays a slate where its file is gone. A failed rebuild
    /// leaves the removal in place and the channel marked for rebuild (the hourly extension job retries it).
    /// </summary>
    public async Task<SourceRemoval> RemoveAsync(string name, bool force, CancellationToken cancellationToken)
    {
        var removed = await unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                TextInput.Line("The source name", name);
                var source = await db.Sources.AsNoTracking().FirstOrDefaultAsync(s => s.Name == name, ct)
                    ?? throw new NotFoundException($"There is no source named '{name}'.");
                var assetIds = db.Assets.Where(a => a.SourceId == source.Id).Select(a => a.Id);
                var assets = await assetIds.CountAsync(ct);
                if (assets > 0 && !force)
                {
                    throw new ConflictException(
                        $"Source '{name}' has {assets} files in the catalog; removing it removes them and their review items. Pass --force to do so.");
                }

                var now = clock.GetUtcNow();
                var channels = await MarkChannelsForRebuildAsync(db, assetIds, now, ct);
                var orphans = await CatalogOrphans.NoteAsync(db, assetIds, ct);

                // The database cascades the files, their links, markers, review items and provider ids.
                await db.Sources.Where(s => s.Id == source.Id).ExecuteDeleteAsync(ct);
                var (titles, seasons, episodes) = await orphans.RemoveAsync(db, ct);
                return (Files: assets, Titles: titles, Seasons: seasons, Episodes: episodes, Channels: channels);
            },
            cancellationToken);

        var builds = await playout.BuildChannelsAsync(removed.Channels, cancellationToken);
        var now = clock.GetUtcNow();
        return new SourceRemoval(
            name,
            removed.Files,
            removed.Titles,
            removed.Seasons,
            removed.Episodes,
            builds.Where(b => b.Action != PlayoutAction.Failed).Select(b => new RebuiltChannel(b.Channel, b.Name, b.ReplacedFrom ?? now)).ToList(),
            builds.Where(b => b.Action == PlayoutAction.Failed).Select(b => new FailedChannelRebuild(b.Channel, b.Name, b.Error ?? "unknown error")).ToList());
    }

    /// <summary>The channels whose timeline plays one of the files from now on, marked so that any build rebuilds their future.</summary>
    private static async Task<IReadOnlyList<ChannelNumber>> MarkChannelsForRebuildAsync(IRetroVueDbContext db, IQueryable<Guid> assetIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var channelIds = db.TimelineEntries
            .Where(e => e.End > now && e.AssetId != null && assetIds.Contains(e.AssetId.Value))
            .Select(e => e.ChannelId)
            .Distinct();
        var playouts = await db.ChannelPlayouts.Where(p => channelIds.Contains(p.ChannelId)).ToListAsync(cancellationToken);
        foreach (var playout in playouts)
        {
            playout.RequestRebuild(now);
        }

        var numbers = await db.Channels.Where(c => channelIds.Contains(c.Id)).Select(c => c.Number).ToListAsync(cancellationToken);
        return numbers.Order().ToList();
    }

    private static SourceSummary Summarize(Source source, int assets, int ready, int retired, int pendingReview, SyncRun? lastRun = null) =>
        new(
            source.Name,
            source.Kind.ToString().ToLowerInvariant(),
            source.Settings.ToDictionary(p => p.Key, p => SecretSettings.Contains(p.Key) ? SecretRedactor.Mask : p.Value),
            source.PathMappings.OrderBy(m => m.Order).Select(m => new PathMappingView(m.FromPrefix, m.ToPrefix)).ToList(),
            assets,
            ready,
            retired,
            pendingReview,
            source.CreatedAt,
            lastRun is null ? null : SyncRunView.Of(lastRun));
}
