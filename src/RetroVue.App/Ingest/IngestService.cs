using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetroVue.App.Common;
using RetroVue.Domain.Library;
using RetroVue.Domain.Review;

namespace RetroVue.App.Ingest;

/// <summary>
/// Ingest of one source: import (discover files, link them to titles/seasons/episodes), reconcile
/// (retire files that are gone, only after a complete listing), then enrich (probe new and changed files
/// in parallel). Work is committed in batches, so a cancelled ingest keeps everything committed before.
/// An unchanged source costs no probe and no write.
/// </summary>
public sealed class IngestService(
    IUnitOfWork unitOfWork,
    ImporterRegistry importers,
    ISourceLock sourceLock,
    AssetEnrichment enrichment,
    IOptions<IngestOptions> options,
    TimeProvider clock,
    ILogger<IngestService> logger)
{
    public Task<IngestSummary> IngestAsync(string sourceName, IProgress<IngestProgress>? progress, CancellationToken cancellationToken) =>
        IngestAsync(sourceName, IngestRequest.Default, progress, cancellationToken);

    /// <summary>
    /// Runs one sync of the source and records it in its history (sync_runs): started, then finished with its outcome,
    /// counts and, when it succeeded, the importer's cursor for the next delta.
    /// </summary>
    public async Task<IngestSummary> IngestAsync(string sourceName, IngestRequest request, IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        TextInput.Line("The source name", sourceName);
        using var activity = RetroVueTracing.Ingest.StartActivity("ingest");
        activity?.SetTag("retrovue.source", sourceName);
        activity?.SetTag("retrovue.sync.trigger", request.Trigger.ToString());
        var source = await unitOfWork.ExecuteAsync(
            (db, ct) => db.Sources.Include(s => s.PathMappings).AsNoTracking().FirstOrDefaultAsync(s => s.Name == sourceName, ct),
            cancellationToken) ?? throw new NotFoundException($"There is no source named '{sourceName}' (see 'retrovue source list').");

        await using var held = await sourceLock.TryAcquireAsync(source.Id, cancellationToken)
            ?? throw new ConflictException($"An ingest of source '{source.Name}' is already running; wait for it to finish.");

        var history = new SyncHistory(unitOfWork, clock);
        var plan = await history.PlanAsync(source.Id, request.Mode, options.Value.FullReconcileInterval, cancellationToken);
        var runId = await history.StartAsync(source.Id, plan.Mode, request.Trigger, cancellationToken);
        var scan = new ImportScan(plan.Mode, plan.Cursor);
        var counts = new ImportCounts();
        try
        {
            var summary = await RunAsync(source, scan, counts, stopwatch, progress, cancellationToken);
            await history.FinishAsync(runId, summary.Outcome, summary.Mode, counts.ToSyncCounts(scan), scan.NextCursor, scan.ListingFailure);
            Describe(activity, summary);
            return summary;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await history.FinishAsync(runId, SyncOutcome.Cancelled, ModeOf(scan), counts.ToSyncCounts(scan), null, "cancelled");
            activity?.SetTag("retrovue.sync.outcome", nameof(SyncOutcome.Cancelled));
            throw;
        }
        catch (Exception e)
        {
            await history.FinishAsync(runId, SyncOutcome.Failed, ModeOf(scan), counts.ToSyncCounts(scan), null, e.Message);
            RetroVueTracing.Fail(activity, e);
            throw;
        }
    }

    /// <summary>An event on this ingest's own span; never on a caller's (an HTTP request's) when ingest is not traced.</summary>
    private static void MarkPhase(string phase)
    {
        if (Activity.Current is { } activity && activity.Source == RetroVueTracing.Ingest)
        {
            activity.AddEvent(new ActivityEvent(phase));
        }
    }

    private static void Describe(Activity? activity, IngestSummary summary)
    {
        activity?.SetTag("retrovue.sync.mode", summary.Mode.ToString());
        activity?.SetTag("retrovue.sync.outcome", summary.Outcome.ToString());
        activity?.SetTag("retrovue.ingest.files_found", summary.FilesFound);
        activity?.SetTag("retrovue.ingest.added", summary.Added);
        activity?.SetTag("retrovue.ingest.updated", summary.Updated);
        activity?.SetTag("retrovue.ingest.retired", summary.Retired);
        activity?.SetTag("retrovue.ingest.probed", summary.Probed);
        activity?.SetTag("retrovue.ingest.probe_failures", summary.ProbeFailures);
    }

    private static SyncMode ModeOf(ImportScan scan) => scan.IsPartialListing ? SyncMode.Delta : SyncMode.Full;

    private async Task<IngestSummary> RunAsync(
        Source source, ImportScan scan, ImportCounts counts, Stopwatch stopwatch, IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        var importer = importers.For(source.Kind);
        void Report(IngestPhase phase, int toProbe = 0, int probed = 0, int failed = 0) =>
            progress?.Report(new IngestProgress(source.Name, phase, scan.FilesSeen, toProbe, probed, failed, stopwatch.Elapsed));

        var (catalog, known) = await unitOfWork.ExecuteAsync(
            async (db, ct) => (await CatalogIndex.LoadAsync(db, ct), await LoadKnownAssetsAsync(db, source.Id, ct)),
            cancellationToken);

        // A snapshot, not the live dictionary: an importer may read it from other threads while batches update `known`.
        scan.UseKnownSourceFingerprints(known
            .Where(pair => pair.Value.SourceFingerprint is not null)
            .ToDictionary(pair => pair.Key, pair => pair.Value.SourceFingerprint!, StringComparer.Ordinal));
        var seen = new HashSet<Guid>();
        var batch = new List<DiscoveredAsset>(options.Value.BatchSize);
        var lastReport = TimeSpan.Zero;

        Report(IngestPhase.Scanning);
        await foreach (var discovered in importer.DiscoverAsync(source, scan, cancellationToken))
        {
            batch.Add(discovered);
            if (batch.Count >= options.Value.BatchSize)
            {
                await WriteBatchAsync(source, batch, catalog, known, seen, counts, cancellationToken);
                batch.Clear();
            }

            if (stopwatch.Elapsed - lastReport > TimeSpan.FromMilliseconds(200))
            {
                lastReport = stopwatch.Elapsed;
                Report(IngestPhase.Scanning);
            }
        }

        await WriteBatchAsync(source, batch, catalog, known, seen, counts, cancellationToken);

        MarkPhase("reconciling");
        Report(IngestPhase.Reconciling);
        counts.Retired = await RetireVanishedAsync(known, seen, scan, cancellationToken);

        MarkPhase("probing");
        Report(IngestPhase.Probing);
        var enriched = await enrichment.EnrichSourceAsync(
            source.Id,
            new InlineProgress<EnrichmentProgress>(p => Report(IngestPhase.Probing, p.ToProbe, p.Probed, p.Failed)),
            cancellationToken);
        counts.Probed = enriched.Probed;
        counts.ProbeFailures = enriched.Failed;
        counts.SentToReview += enriched.SentToReview;
        Report(IngestPhase.Done, enriched.ToProbe, enriched.Probed, enriched.Failed);

        foreach (var problem in scan.Problems)
        {
            logger.LogWarning("{Source}: {Path}: {Problem}", source.Name, problem.Path, problem.Message);
        }

        return new IngestSummary
        {
            Source = source.Name,
            Mode = ModeOf(scan),
            Outcome = scan.ListingFailed ? SyncOutcome.Incomplete : SyncOutcome.Succeeded,
            FilesFound = scan.FilesSeen,
            Added = counts.Added,
            Updated = counts.Updated,
            Unchanged = counts.Unchanged,
            Retired = counts.Retired,
            Probed = enriched.Probed,
            ProbeFailures = enriched.Failed,
            SentToReview = counts.SentToReview,
            Problems = scan.Problems.ToList(),
            Elapsed = stopwatch.Elapsed,
        };
    }

    private static async Task<Dictionary<string, KnownAsset>> LoadKnownAssetsAsync(IRetroVueDbContext db, Guid sourceId, CancellationToken cancellationToken)
    {
        var assets = await db.Assets.AsNoTracking()
            .Where(a => a.SourceId == sourceId)
            .Select(a => new { a.Id, a.CanonicalPath, a.SizeBytes, a.ModifiedAt, a.State, a.TitleId, a.SourceFingerprint, a.StreamKey, a.LocallyReachable })
            .ToListAsync(cancellationToken);
        var links = (await db.EpisodeAssets.AsNoTracking()
                .Join(db.Assets.Where(a => a.SourceId == sourceId), l => l.AssetId, a => a.Id, (l, _) => l)
                .ToListAsync(cancellationToken))
            .ToLookup(l => l.AssetId, l => l.EpisodeId);
        return assets.ToDictionary(
            a => a.CanonicalPath,
            a => new KnownAsset(a.Id, new FileFingerprint(a.SizeBytes, a.ModifiedAt), a.State, a.TitleId, links[a.Id].ToHashSet(), a.SourceFingerprint, a.StreamKey, a.LocallyReachable),
            StringComparer.Ordinal);
    }

    private async Task WriteBatchAsync(
        Source source,
        List<DiscoveredAsset> batch,
        CatalogIndex catalog,
        Dictionary<string, KnownAsset> known,
        HashSet<Guid> seen,
        ImportCounts counts,
        CancellationToken cancellationToken)
    {
        // Unchanged files are decided without touching the database.
        var changed = new List<DiscoveredAsset>();
        foreach (var item in batch)
        {
            if (known.TryGetValue(item.CanonicalPath, out var existing))
            {
                if (!seen.Add(existing.Id))
                {
                    continue;
                }

                if (IsUnchanged(existing, item, catalog, source.Id))
                {
                    counts.Unchanged++;
                    continue;
                }
            }

            changed.Add(item);
        }

        if (changed.Count == 0)
        {
            return;
        }

        var writer = new CatalogWriter(catalog, clock.GetUtcNow());
        try
        {
            var result = await unitOfWork.ExecuteAsync((db, ct) => writer.WriteAsync(db, source, changed, known, ct), cancellationToken);
            catalog.Commit();
            foreach (var (path, asset) in result.Written)
            {
                known[path] = asset;
                seen.Add(asset.Id);
            }

            counts.Added += result.Added;
            counts.Updated += result.Updated;
            counts.SentToReview += result.SentToReview;
        }
        catch
        {
            catalog.Rollback();
            throw;
        }
    }

    private static readonly IReadOnlySet<Guid> NoEpisodes = new HashSet<Guid>();

    private static bool IsUnchanged(KnownAsset existing, DiscoveredAsset item, CatalogIndex catalog, Guid sourceId)
    {
        if (existing.State == AssetState.Retired || existing.Fingerprint != item.Fingerprint)
        {
            return false;
        }

        // A rich source's own digest covers what the file fingerprint cannot see (ids, duration, the path on the server);
        // where the file can be played from is compared as well, since a share may be mounted or unmounted since.
        var metadata = item.Metadata;
        if ((metadata?.SourceFingerprint is { } sourceFingerprint && sourceFingerprint != existing.SourceFingerprint)
            || (metadata?.LocallyReachable ?? true) != existing.LocallyReachable
            || metadata?.StreamKey != existing.StreamKey)
        {
            return false;
        }

        switch (item.Identity)
        {
            case MovieIdentity movie:
                return existing.TitleId is { } movieTitle
                    && catalog.FindTitle(TitleKind.Movie, movie.Name, movie.Year) == movieTitle
                    && !ArtworkChanges(item.Artwork, catalog, sourceId, movieTitle, NoEpisodes);
            case EpisodeIdentity episode:
                if (existing.TitleId is not { } showTitle || catalog.FindTitle(TitleKind.Show, episode.ShowName, episode.ShowYear) != showTitle)
                {
                    return false;
                }

                return episode.EpisodeNumbers.Count == existing.EpisodeIds.Count
                    && episode.EpisodeNumbers.All(n => catalog.FindEpisode(showTitle, episode.SeasonNumber, n) is { } id && existing.EpisodeIds.Contains(id))
                    && !ArtworkChanges(item.Artwork, catalog, sourceId, showTitle, existing.EpisodeIds);
            default:
                return existing.TitleId is null;
        }
    }

    /// <summary>
    /// Artwork is compared with the catalog rather than folded into a fingerprint: a poster added beside unchanged files
    /// is picked up, and a catalog from before artwork existed gets it on its first full sync, without re-reading anything.
    /// </summary>
    private static bool ArtworkChanges(DiscoveredArtwork? artwork, CatalogIndex catalog, Guid sourceId, Guid titleId, IReadOnlySet<Guid> episodeIds) =>
        artwork is not null
        && (catalog.SettlePoster(titleId, sourceId, artwork.TitlePoster).Changes
            || episodeIds.Any(id => catalog.SettleStill(id, sourceId, artwork.EpisodeStill).Changes));

    private async Task<int> RetireVanishedAsync(Dictionary<string, KnownAsset> known, HashSet<Guid> seen, ImportScan scan, CancellationToken cancellationToken)
    {
        var vanished = known
            .Where(pair => pair.Value.State != AssetState.Retired && !seen.Contains(pair.Value.Id) && scan.MayRetire(pair.Key))
            .Select(pair => pair.Value.Id)
            .ToList();
        if (vanished.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        foreach (var chunk in vanished.Chunk(options.Value.BatchSize))
        {
            await unitOfWork.ExecuteAsync(
                async (db, ct) =>
                {
                    foreach (var asset in await db.Assets.Where(a => chunk.Contains(a.Id)).ToListAsync(ct))
                    {
                        asset.Retire(now);
                    }

                    // A file that is gone has no problems left to review; the items come back if it does.
                    foreach (var item in await db.ReviewItems.Where(r => chunk.Contains(r.AssetId) && r.Status == ReviewStatus.Pending).ToListAsync(ct))
                    {
                        item.ClearAutomatically(now);
                    }
                },
                cancellationToken);
        }

        return vanished.Count;
    }

    private sealed class ImportCounts
    {
        public int Added { get; set; }
        public int Updated { get; set; }
        public int Unchanged { get; set; }
        public int Retired { get; set; }
        public int Probed { get; set; }
        public int ProbeFailures { get; set; }
        public int SentToReview { get; set; }

        public SyncCounts ToSyncCounts(ImportScan scan) =>
            new(scan.FilesSeen, Added, Updated, Unchanged, Retired, Probed, ProbeFailures, SentToReview);
    }
}
