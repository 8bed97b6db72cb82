using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using RetroVue.App.Common;
using RetroVue.App.Ingest;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Plex;

/// <summary>One listed movie or episode and the files it was mapped to.</summary>
internal sealed record PlexListedItem(PlexMetadata Item, IReadOnlyList<DiscoveredAsset> Assets);

/// <summary>
/// Gives listed items their chapters and intro/credits markers. Listings say only whether an item has chapters
/// (chapterSource), so the chapters cost one detail request per item; it is made only for an item that has chapters and
/// whose playing file is new or changed since the last sync (its source fingerprint differs from the catalog's): an
/// unchanged re-sync asks for nothing. Intro/credits markers come in the same request and are never asked for alone.
/// <para>
/// The markers go to the file that plays (the preferred version; of a version split over several files, its first part,
/// where the item's offsets start; chapters past that part's end are dropped). That file's source fingerprint records
/// whether its chapters arrived ("…;chapters") or not ("…;chapters-pending"): a failed request (after the client's
/// retries) imports the file without chapters under the pending fingerprint, which never equals what the next sync
/// expects, so the next sync asks again; the cursor's high-water mark is held back to the item so a delta lists it again.
/// </para>
/// <para>
/// At most <see cref="PlexOptions.DetailParallelism"/> requests are in flight; items that need none pass straight
/// through. After <see cref="PlexOptions.DetailFailureLimit"/> failures in a row the sync stops asking (the remaining
/// items are left pending), so a server that stopped answering cannot stall it. One instance serves one sync.
/// </para>
/// </summary>
internal sealed class PlexChapterFetcher(PlexClient client, PlexOptions options, ImportScan scan, PlexHighWater highWater, ILogger logger)
{
    private readonly HashSet<string> _carrierPaths = new(StringComparer.Ordinal);
    private int _failuresInARow;
    private bool _gaveUp;

    public int Requested { get; private set; }

    public int Failed { get; private set; }

    public int Skipped { get; private set; }

    /// <summary>
    /// The assets of <paramref name="items"/>, completed. When the listing ends (also when it failed part way) the requests
    /// in flight are awaited and their items yielded, so nothing listed is lost; on cancellation they are cancelled.
    /// </summary>
    public async IAsyncEnumerable<DiscoveredAsset> CompleteAsync(IAsyncEnumerable<PlexListedItem> items, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parallelism = options.EffectiveDetailParallelism;
        var inFlight = new List<Task<Fetched>>(parallelism);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            await foreach (var item in items.WithCancellation(cancellationToken))
            {
                var (listed, carrier) = ClaimCarrier(item);
                var needsRequest = NeedsRequest(listed, carrier);
                if (needsRequest && !_gaveUp && inFlight.Count >= parallelism)
                {
                    await Task.WhenAny(inFlight);
                }

                // Finished requests are handed on at once (their items hold memory, the ingest writes in batches), and
                // counted before the next request is decided on, so the failure limit is exact.
                foreach (var done in inFlight.Where(t => t.IsCompleted).ToList())
                {
                    inFlight.Remove(done);
                    foreach (var asset in Collect(await done))
                    {
                        yield return asset;
                    }
                }

                if (!needsRequest)
                {
                    foreach (var asset in Complete(listed, carrier, requested: false, markers: null))
                    {
                        yield return asset;
                    }
                }
                else if (_gaveUp)
                {
                    Skipped++;
                    highWater.HoldBackFor(listed.Item);
                    foreach (var asset in Complete(listed, carrier, requested: true, markers: null))
                    {
                        yield return asset;
                    }
                }
                else
                {
                    Requested++;
                    inFlight.Add(FetchAsync(listed, carrier, stop.Token));
                }
            }

            while (inFlight.Count > 0)
            {
                var done = await Task.WhenAny(inFlight);
                inFlight.Remove(done);
                foreach (var asset in Collect(await done))
                {
                    yield return asset;
                }
            }
        }
        finally
        {
            // Left early (cancelled, or the consumer stopped): no request outlives the sync.
            if (inFlight.Count > 0)
            {
                await stop.CancelAsync();
                await ((Task)Task.WhenAll(inFlight)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private static int IndexOfCarrier(PlexListedItem listed)
    {
        for (var i = 0; i < listed.Assets.Count; i++)
        {
            if (listed.Assets[i].Metadata is { IsPreferredVersion: true, PartNumber: 1 })
            {
                return i;
            }
        }

        return -1;
    }

    private static bool HasChapters(PlexListedItem listed, int carrier) =>
        carrier >= 0 && !string.IsNullOrWhiteSpace(listed.Item.ChapterSource) && listed.Item.RatingKey is { Length: > 0 };

    /// <summary>
    /// Two items in one local file (S01E01-E02) share its canonical path, and the ingest keeps the first listed. The first
    /// item with chapters claims the file; a later one leaves it out, so it neither asks for the same chapters again nor
    /// overtakes the first while that one's request is in flight.
    /// </summary>
    private (PlexListedItem Listed, int Carrier) ClaimCarrier(PlexListedItem listed)
    {
        var carrier = IndexOfCarrier(listed);
        if (!HasChapters(listed, carrier) || _carrierPaths.Add(listed.Assets[carrier].CanonicalPath))
        {
            return (listed, carrier);
        }

        return (listed with { Assets = listed.Assets.Where((_, i) => i != carrier).ToList() }, -1);
    }

    private bool NeedsRequest(PlexListedItem listed, int carrier)
    {
        if (!HasChapters(listed, carrier))
        {
            return false;
        }

        var asset = listed.Assets[carrier];
        return scan.KnownSourceFingerprint(asset.CanonicalPath) != PlexChapterFingerprint.Fetched(asset.Metadata!.SourceFingerprint);
    }

    private async Task<Fetched> FetchAsync(PlexListedItem listed, int carrier, CancellationToken cancellationToken)
    {
        var item = listed.Item;
        try
        {
            var detail = await client.GetChaptersAsync(item.RatingKey!, cancellationToken)
                ?? throw new PlexProtocolException($"Plex at {client.Connection} answered GET /library/metadata/{item.RatingKey} without the item.");
            var facts = listed.Assets[carrier].Metadata!.KnownFacts;
            var duration = facts?.Duration ?? (item.Duration is > 0 ? TimeSpan.FromMilliseconds(item.Duration.Value) : null);
            var result = PlexChapterMarkers.From(detail, duration);
            if (result.Dropped > 0)
            {
                logger.LogDebug("Plex item {Item}: {Dropped} chapter(s) or marker(s) with impossible times dropped, {Kept} kept", item.RatingKey, result.Dropped, result.Markers.Count);
            }

            return new Fetched(listed, carrier, result.Markers);
        }
        catch (PlexException ex)
        {
            // PlexException messages are redacted already; Redact again costs nothing and guards later changes.
            logger.LogWarning(
                "The chapters of Plex item {Item} ('{Title}') could not be fetched; it is imported without them and asked for again on the next sync: {Error}",
                item.RatingKey,
                item.Title,
                SecretRedactor.Redact(ex.Message));
            return new Fetched(listed, carrier, null);
        }
    }

    private List<DiscoveredAsset> Collect(Fetched fetched)
    {
        if (fetched.Markers is null)
        {
            Failed++;
            _failuresInARow++;
            highWater.HoldBackFor(fetched.Listed.Item);
            if (!_gaveUp && _failuresInARow >= options.EffectiveDetailFailureLimit)
            {
                _gaveUp = true;
                logger.LogWarning(
                    "{Failures} chapter requests to Plex at {Server} failed in a row; this sync asks for no more, and the items left are imported without chapters and asked for on the next sync",
                    _failuresInARow,
                    client.Connection.ToString());
            }
        }
        else
        {
            _failuresInARow = 0;
        }

        return Complete(fetched.Listed, fetched.Carrier, requested: true, fetched.Markers);
    }

    /// <summary>
    /// The carrier gets the fetched markers (or, when its request failed or was skipped, none and the pending fingerprint).
    /// Any other file that changed has its old source markers cleared; a file that did not change keeps its markers.
    /// </summary>
    private List<DiscoveredAsset> Complete(PlexListedItem listed, int carrier, bool requested, IReadOnlyList<MarkerFact>? markers)
    {
        var hasChapters = HasChapters(listed, carrier);
        var completed = new List<DiscoveredAsset>(listed.Assets.Count);
        for (var i = 0; i < listed.Assets.Count; i++)
        {
            var asset = listed.Assets[i];
            var metadata = asset.Metadata!;
            string? fingerprint;
            IReadOnlyList<MarkerFact>? replacing;
            if (i == carrier && hasChapters && requested)
            {
                fingerprint = markers is null ? PlexChapterFingerprint.Pending(metadata.SourceFingerprint) : PlexChapterFingerprint.Fetched(metadata.SourceFingerprint);
                replacing = markers ?? [];
            }
            else
            {
                fingerprint = i == carrier && hasChapters ? PlexChapterFingerprint.Fetched(metadata.SourceFingerprint) : metadata.SourceFingerprint;
                replacing = scan.KnownSourceFingerprint(asset.CanonicalPath) == fingerprint ? null : [];
            }

            completed.Add(asset with { Metadata = metadata with { SourceFingerprint = fingerprint, Markers = replacing } });
        }

        return completed;
    }

    private sealed record Fetched(PlexListedItem Listed, int Carrier, IReadOnlyList<MarkerFact>? Markers);
}
