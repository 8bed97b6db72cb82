using RetroVue.Domain.Common;
using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Scheduling.Yaml;

/// <summary>All channel documents of a set of files, or every problem found in them. Apply only when <see cref="IsValid"/>.</summary>
public sealed record ScheduleLoadResult(IReadOnlyList<ParsedChannel> Channels, IReadOnlyList<ScheduleError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Reads and validates schedule files as one set: syntax and structure per file, then each channel against the
/// catalog, then numbers and ids across all files. Any error invalidates the whole set, so nothing is applied half-way.
/// </summary>
public sealed class ScheduleLoader(ICatalogLookup catalog)
{
    public ScheduleLoadResult Load(IEnumerable<ScheduleSource> sources)
    {
        var channels = new List<ParsedChannel>();
        var errors = new List<ScheduleError>();
        foreach (var source in sources)
        {
            var (read, readErrors) = ScheduleYamlReader.Read(source);
            errors.AddRange(readErrors);
            foreach (var channel in read)
            {
                errors.AddRange(ValidateAgainstCatalog(channel));
                channels.Add(channel);
            }
        }

        errors.AddRange(FindDuplicates(channels));
        return errors.Count == 0 ? new ScheduleLoadResult(channels, []) : new ScheduleLoadResult([], errors);
    }

    private IEnumerable<ScheduleError> ValidateAgainstCatalog(ParsedChannel channel)
    {
        var schedule = channel.Schedule;
        var resolved = new Dictionary<string, ResolvedPool>(StringComparer.Ordinal);
        foreach (var unbound in schedule.Pools)
        {
            var line = channel.Lines.PoolLine(unbound.Name, channel.Line);
            var (pool, problem) = BindCollection(unbound);
            if (problem is not null)
            {
                yield return new ScheduleError(channel.File, channel.Lines.PoolCollections.GetValueOrDefault(unbound.Name, line), $"Pool '{unbound.Name}': {problem}");
                continue;
            }

            var result = catalog.Resolve(pool);
            resolved[pool.Name] = result;
            foreach (var series in result.UnknownSeries)
            {
                yield return new ScheduleError(channel.File, line, $"Pool '{pool.Name}': series '{series}' is not in the catalog.");
            }

            foreach (var item in result.Unavailable.Where(i => i.Availability == ItemAvailability.Available && i.Duration <= TimeSpan.Zero))
            {
                yield return new ScheduleError(channel.File, line, $"Pool '{pool.Name}': '{Describe(item)}' (asset {item.AssetId}) has zero length; fix or remove the file.");
            }

            if (result.IsEmpty)
            {
                var collection = pool.CollectionFilter is { } filter ? $" (collection '{pool.Collection}': {filter.Query})" : string.Empty;
                yield return new ScheduleError(channel.File, line, $"Pool '{pool.Name}' matches nothing playable in the catalog{collection}.");
            }
        }

        foreach (var layer in schedule.Layers)
        {
            foreach (var (block, length) in BlockLengths(layer, channel.Channel.BroadcastDayStart))
            {
                // A marathon may run over by design; other blocks need at least one item that fits.
                if (block.Kind == BlockKind.Marathon || !resolved.TryGetValue(block.Pool, out var pool) || pool.ShortestDuration is not { } shortest || shortest <= length)
                {
                    continue;
                }

                var line = channel.Lines.Blocks.GetValueOrDefault(block, channel.Line);
                yield return new ScheduleError(channel.File, line, $"Every item in pool '{block.Pool}' is longer than the {DurationText.Format(length)} block at {block.Start:HH:mm} in layer '{layer.Name}' (the shortest lasts {DurationText.Format(shortest)}).");
            }
        }
    }

    private (ContentPool Pool, string? Problem) BindCollection(ContentPool pool)
    {
        try
        {
            return (catalog.Bind(pool), null);
        }
        catch (DomainException e)
        {
            return (pool, e.Message);
        }
    }

    /// <summary>How long each block runs on a day of its layer: until the next block, the last one until the first block of the next day.</summary>
    private static IEnumerable<(ScheduleBlock Block, TimeSpan Length)> BlockLengths(DayLayer layer, TimeOnly dayStart)
    {
        var day = TimeSpan.FromDays(1);
        TimeSpan Offset(ScheduleBlock b)
        {
            var offset = b.Start.ToTimeSpan() - dayStart.ToTimeSpan();
            return offset < TimeSpan.Zero ? offset + day : offset;
        }

        var ordered = layer.Blocks.OrderBy(Offset).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var next = i + 1 < ordered.Count ? Offset(ordered[i + 1]) : Offset(ordered[0]) + day;
            yield return (ordered[i], next - Offset(ordered[i]));
        }
    }

    private static IEnumerable<ScheduleError> FindDuplicates(List<ParsedChannel> channels)
    {
        foreach (var group in channels.GroupBy(c => c.Channel.Number).Where(g => g.Count() > 1))
        {
            var first = group.First();
            foreach (var duplicate in group.Skip(1))
            {
                yield return new ScheduleError(duplicate.File, duplicate.Lines.Number, $"Channel number {group.Key} is already used by '{first.Channel.Name}' ({first.File}:{first.Lines.Number}).");
            }
        }

        foreach (var group in channels.Where(c => c.Channel.StableId is not null).GroupBy(c => c.Channel.StableId!, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            var first = group.First();
            foreach (var duplicate in group.Skip(1))
            {
                yield return new ScheduleError(duplicate.File, duplicate.Lines.Id, $"Channel id '{group.Key}' is already used by '{first.Channel.Name}' ({first.File}:{first.Lines.Id}).");
            }
        }
    }

    private static string Describe(CatalogItem item) =>
        item.SeasonNumber is { } s && item.EpisodeNumber is { } e ? $"{item.TitleName} S{s:00}E{e:00}" : item.TitleName;
}
