using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetroVue.App.Common;
using RetroVue.App.Review;
using RetroVue.Domain.Library;
using RetroVue.Domain.Review;

namespace RetroVue.App.Ingest;

public sealed record EnrichmentProgress(int ToProbe, int Probed, int Failed);

public sealed record EnrichmentSummary(int ToProbe, int Probed, int Failed, int SentToReview);

/// <summary>
/// Probes the files of a source that have not been probed since they last changed: a bounded number
/// at a time, each with its own time limit, results written by one writer in batches. On cancellation
/// the probes stop and what finished is still committed.
/// </summary>
public sealed class AssetEnrichment(
    IUnitOfWork unitOfWork,
    EnricherRegistry enrichers,
    IOptions<IngestOptions> options,
    TimeProvider clock,
    ILogger<AssetEnrichment> logger)
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(500);

    public async Task<EnrichmentSummary> EnrichSourceAsync(Guid sourceId, IProgress<EnrichmentProgress>? progress, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var enricher = enrichers.Get(settings.Enricher);
        var pending = await unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                // A file this machine cannot open is never handed to the prober: it would only fail (its source's facts stand).
                var query = db.Assets.Where(a => a.SourceId == sourceId && a.State != AssetState.Retired && a.ProbeStatus == ProbeStatus.NotProbed && a.LocallyReachable);
                var work = await query.OrderBy(a => a.CanonicalPath).Select(a => new EnrichmentRequest(a.Id, a.CanonicalPath)).ToListAsync(ct);
                await query.ExecuteUpdateAsync(set => set.SetProperty(a => a.State, AssetState.Enriching), ct);
                return work;
            },
            cancellationToken);
        if (pending.Count == 0)
        {
            return new EnrichmentSummary(0, 0, 0, 0);
        }

        var parallelism = settings.EffectiveProbeParallelism;
        var outcomes = Channel.CreateBounded<ProbeOutcome>(new BoundedChannelOptions(parallelism * 4) { SingleReader = true });
        var tally = new Tally(pending.Count, progress);
        progress?.Report(new EnrichmentProgress(pending.Count, 0, 0));
        var writer = Task.Run(() => WriteOutcomesAsync(outcomes.Reader, tally), CancellationToken.None);

        try
        {
            await Parallel.ForEachAsync(
                pending,
                new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
                async (request, ct) =>
                {
                    ProbeOutcome outcome;
                    try
                    {
                        outcome = new ProbeOutcome(request.AssetId, await enricher.EnrichAsync(request, ct), null);
                    }
                    catch (EnrichmentFailedException e)
                    {
                        outcome = new ProbeOutcome(request.AssetId, null, e.Message);
                    }

                    await outcomes.Writer.WriteAsync(outcome, ct);
                });
        }
        finally
        {
            // Whatever finished is written even when the probes were cancelled or one failed hard.
            outcomes.Writer.TryComplete();
            await writer;
        }

        return new EnrichmentSummary(pending.Count, tally.Probed, tally.Failed, tally.SentToReview);
    }

    private async Task WriteOutcomesAsync(ChannelReader<ProbeOutcome> reader, Tally tally)
    {
        var batch = new List<ProbeOutcome>();
        var lastFlush = clock.GetTimestamp();
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (reader.TryRead(out var outcome))
            {
                batch.Add(outcome);
                if (batch.Count >= options.Value.BatchSize)
                {
                    await FlushAsync(batch, tally);
                    lastFlush = clock.GetTimestamp();
                }
            }

            if (batch.Count > 0 && clock.GetElapsedTime(lastFlush) >= FlushInterval)
            {
                await FlushAsync(batch, tally);
                lastFlush = clock.GetTimestamp();
            }
        }

        await FlushAsync(batch, tally);
    }

    private async Task FlushAsync(List<ProbeOutcome> batch, Tally tally)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var queued = await unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var ids = batch.Select(o => o.AssetId).ToList();
                var assets = await db.Assets.Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
                var chapters = await db.Markers.Where(m => ids.Contains(m.AssetId) && m.Kind == MarkerKind.Chapter).ToListAsync(ct);
                db.Markers.RemoveRange(chapters);
                var review = new ReviewRecorder(db, now);
                await review.PreloadAsync(ids, ct);
                foreach (var outcome in batch)
                {
                    if (assets.TryGetValue(outcome.AssetId, out var asset))
                    {
                        await ApplyAsync(db, asset, outcome, review, now, ct);
                    }
                }

                return review.Queued;
            },
            CancellationToken.None);

        foreach (var outcome in batch)
        {
            tally.Count(outcome.Result is not null);
        }

        tally.SentToReview += queued;
        batch.Clear();
    }

    private async Task ApplyAsync(IRetroVueDbContext db, Asset asset, ProbeOutcome outcome, ReviewRecorder review, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (outcome.Result is not { } result)
        {
            asset.FailProbe(outcome.Error ?? "unknown error", now);
            logger.LogDebug("Probe failed for {Path}: {Error}", asset.CanonicalPath, outcome.Error);
            await review.RaiseAsync(asset.Id, ReviewReason.ProbeFailed, $"The file could not be probed: {outcome.Error}", cancellationToken);
            return;
        }

        asset.CompleteProbe(result, now);
        await review.ClearAsync(asset.Id, ReviewReason.ProbeFailed, cancellationToken);
        AssetMarkers.Add(db, asset.Id, result.Chapters);

        if (result.HasVideo)
        {
            await review.ClearAsync(asset.Id, ReviewReason.NoVideoStream, cancellationToken);
        }
        else
        {
            var streams = result.Streams.Count == 0 ? "no streams" : string.Join(", ", result.Streams.Select(s => $"{s.Kind.ToString().ToLowerInvariant()} {s.Codec}"));
            await review.RaiseAsync(asset.Id, ReviewReason.NoVideoStream, $"The file has no video stream ({streams}).", cancellationToken);
        }

        if (result.HasUsableDuration)
        {
            await review.ClearAsync(asset.Id, ReviewReason.NoUsableDuration, cancellationToken);
        }
        else
        {
            await review.RaiseAsync(asset.Id, ReviewReason.NoUsableDuration, "The file reports no usable duration.", cancellationToken);
        }
    }

    private sealed record ProbeOutcome(Guid AssetId, ProbeResult? Result, string? Error);

    private sealed class Tally(int toProbe, IProgress<EnrichmentProgress>? progress)
    {
        public int Probed { get; private set; }
        public int Failed { get; private set; }
        public int SentToReview { get; set; }

        public void Count(bool succeeded)
        {
            if (succeeded)
            {
                Probed++;
            }
            else
            {
                Failed++;
            }

            progress?.Report(new EnrichmentProgress(toProbe, Probed, Failed));
        }
    }
}
