using Microsoft.EntityFrameworkCore;
using RetroVue.App.Collections;
using RetroVue.App.Common;
using RetroVue.App.Scheduling.Yaml;
using RetroVue.Domain.Common;
using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Scheduling;

public enum ApplyOutcome
{
    Created,
    Updated,
    Unchanged,
}

public sealed record AppliedChannel(string Number, string Id, string Name, string File, ApplyOutcome Outcome);

public sealed record ChannelView(
    string Number,
    string Id,
    string Name,
    string? Group,
    string? Logo,
    string TimeZone,
    int GridMinutes,
    bool Enabled,
    string ScheduleFile,
    DateTimeOffset? BuiltUntil,
    bool RebuildPending);

/// <summary>Channels as schedule files declare them: apply (all or nothing), export, list, remove.</summary>
public sealed class ChannelService(IUnitOfWork unitOfWork, CatalogSnapshotLoader catalogLoader, TimeProvider clock)
{
    /// <summary>
    /// Validates every file against the catalog and the channels that already exist, then creates or updates the
    /// channels in one transaction. Any problem throws <see cref="ScheduleValidationException"/> and changes nothing.
    /// </summary>
    public Task<IReadOnlyList<AppliedChannel>> ApplyAsync(IReadOnlyList<ScheduleSource> sources, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync((db, ct) => ApplyWithinAsync(db, sources, ct), cancellationToken);

    /// <summary>The apply of <see cref="ApplyAsync"/> inside a unit of work the caller already holds (so it can check more first).</summary>
    internal async Task<IReadOnlyList<AppliedChannel>> ApplyWithinAsync(IRetroVueDbContext db, IReadOnlyList<ScheduleSource> sources, CancellationToken ct)
    {
        var catalog = await catalogLoader.LoadAsync(db, ct);
        var collections = await CollectionSet.LoadAsync(db, clock, ct);
        var loaded = new ScheduleLoader(new SnapshotCatalogLookup(catalog.Snapshot, collections)).Load(sources);
        if (!loaded.IsValid)
        {
            throw new ScheduleValidationException(loaded.Errors);
        }

        var installation = await InstallationIdentity.GetAsync(db, ct);
        var existing = await db.Channels.ToListAsync(ct);
        var playouts = await db.ChannelPlayouts.ToDictionaryAsync(p => p.ChannelId, ct);
        var plan = Plan(loaded.Channels, existing, installation);
        var texts = DocumentTexts(sources, loaded.Channels);
        await ParkRenumberedChannelsAsync(db, plan, existing, ct);
        var now = clock.GetUtcNow();
        var applied = new List<AppliedChannel>();
        foreach (var (parsed, channel, isNew) in plan)
        {
            var before = isNew ? null : ChannelDefinition.Of(channel);
            if (!isNew)
            {
                parsed.Channel.ApplyTo(channel);
            }
            else
            {
                db.Channels.Add(channel);
            }

            var text = texts[parsed];
            var changed = isNew || before != ChannelDefinition.Of(channel);
            if (playouts.TryGetValue(channel.Id, out var playout))
            {
                changed |= playout.ReplaceSchedule(parsed.File, text, now);
            }
            else
            {
                db.ChannelPlayouts.Add(new ChannelPlayout(channel.Id, parsed.File, text, now));
                changed = true;
            }

            var outcome = isNew ? ApplyOutcome.Created : changed ? ApplyOutcome.Updated : ApplyOutcome.Unchanged;
            applied.Add(new AppliedChannel(channel.Number.ToString(), channel.StableId, channel.Name, parsed.File, outcome));
        }

        return applied;
    }

    public Task<IReadOnlyList<ChannelView>> ListAsync(CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync<IReadOnlyList<ChannelView>>(
            async (db, ct) =>
            {
                var rows = await (from c in db.Channels.AsNoTracking()
                                  join p in db.ChannelPlayouts.AsNoTracking() on c.Id equals p.ChannelId into ps
                                  from p in ps.DefaultIfEmpty()
                                  select new { Channel = c, Playout = p })
                    .ToListAsync(ct);
                return rows.OrderBy(r => r.Channel.Number)
                    .Select(r => View(r.Channel, r.Playout))
                    .ToList();
            },
            cancellationToken);

    /// <summary>The schedule documents as they were applied, one per channel in number order, as one multi-document file.</summary>
    public Task<string> ExportAsync(ChannelNumber? number, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var rows = await (from c in db.Channels.AsNoTracking()
                                  join p in db.ChannelPlayouts.AsNoTracking() on c.Id equals p.ChannelId
                                  select new { c.Number, p.ScheduleYaml })
                    .ToListAsync(ct);
                var selected = rows.Where(r => number is null || r.Number == number).OrderBy(r => r.Number).ToList();
                if (number is { } n && selected.Count == 0)
                {
                    throw new NotFoundException($"There is no channel {n}.");
                }

                return ScheduleDocuments.Join(selected.Select(r => r.ScheduleYaml));
            },
            cancellationToken);

    /// <summary>Removes the channel with its schedule and timeline.</summary>
    public Task<ChannelView> RemoveAsync(ChannelNumber number, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var channel = await FindAsync(db, number, ct);
                var playout = await db.ChannelPlayouts.AsNoTracking().FirstOrDefaultAsync(p => p.ChannelId == channel.Id, ct);
                await db.TimelineEntries.Where(e => e.ChannelId == channel.Id).ExecuteDeleteAsync(ct);
                db.Channels.Remove(channel);
                return View(channel, playout);
            },
            cancellationToken);

    public static async Task<Channel> FindAsync(IRetroVueDbContext db, ChannelNumber number, CancellationToken cancellationToken) =>
        await db.Channels.FirstOrDefaultAsync(c => c.Number == number, cancellationToken)
            ?? throw new NotFoundException($"There is no channel {number} (see 'retrovue channel list').");

    internal static ChannelView View(Channel c, ChannelPlayout? p) =>
        new(c.Number.ToString(), c.StableId, c.Name, c.Group, c.LogoUrl, c.TimeZoneId, c.GridMinutes, c.Enabled, p?.ScheduleFile ?? "", p?.BuiltUntil, p?.RebuildPending ?? false);

    /// <summary>
    /// Matches each document to the channel it describes (by id when it names one, else by number) and checks the
    /// result against the channels the files do not mention: numbers and ids stay unique.
    /// </summary>
    private static List<(ParsedChannel Parsed, Channel Channel, bool IsNew)> Plan(IReadOnlyList<ParsedChannel> parsed, List<Channel> existing, Guid installation)
    {
        var errors = new List<ScheduleError>();
        var claimed = new Dictionary<Guid, ParsedChannel>();
        var matches = new List<(ParsedChannel Parsed, Channel? Match)>();
        foreach (var document in parsed)
        {
            var definition = document.Channel;
            var match = definition.StableId is { } id
                ? existing.FirstOrDefault(c => string.Equals(c.StableId, id, StringComparison.OrdinalIgnoreCase))
                : existing.FirstOrDefault(c => c.Number == definition.Number);
            if (match is not null && !claimed.TryAdd(match.Id, document))
            {
                var first = claimed[match.Id];
                errors.Add(new ScheduleError(document.File, document.Lines.Number, $"This document and {first.File}:{first.Lines.Number} both describe channel {match.Number} ({match.StableId})."));
                continue;
            }

            matches.Add((document, match));
        }

        // Channels the files leave alone keep their numbers and ids.
        var untouched = existing.Where(c => !claimed.ContainsKey(c.Id)).ToList();
        var takenIds = new HashSet<string>(existing.Select(c => c.StableId), StringComparer.OrdinalIgnoreCase);
        foreach (var (document, _) in matches)
        {
            if (untouched.FirstOrDefault(c => c.Number == document.Channel.Number) is { } holder)
            {
                errors.Add(new ScheduleError(
                    document.File,
                    document.Lines.Number,
                    $"Channel number {document.Channel.Number} is already used by '{holder.Name}' ({holder.StableId}); give this channel another number, or remove that one first with 'retrovue channel remove {holder.Number}'."));
            }
        }

        if (errors.Count > 0)
        {
            throw new ScheduleValidationException(errors);
        }

        var plan = new List<(ParsedChannel, Channel, bool)>();
        foreach (var (document, match) in matches)
        {
            try
            {
                if (match is not null)
                {
                    plan.Add((document, match, false));
                    continue;
                }

                var definition = document.Channel.StableId is null
                    ? document.Channel with { StableId = FreeId(document.Channel.Number, installation, takenIds) }
                    : document.Channel;
                takenIds.Add(definition.StableId!);
                plan.Add((document, definition.CreateChannel(installation), true));
            }
            catch (DomainException e)
            {
                errors.Add(new ScheduleError(document.File, document.Line, e.Message));
            }
        }

        return errors.Count > 0 ? throw new ScheduleValidationException(errors) : plan;
    }

    /// <summary>
    /// Channels of one set may trade numbers (2 and 3 swap, or rotate). EF orders its updates by the unique number
    /// index and refuses such a cycle, and PostgreSQL checks the index row by row, so the renumbered channels first
    /// move to numbers nobody uses. This happens inside the apply's transaction: nobody ever sees the parked numbers,
    /// and a failure later rolls them back with everything else. Plan has already refused a number that would
    /// still be shared at the end.
    /// </summary>
    private static async Task ParkRenumberedChannelsAsync(IRetroVueDbContext db, List<(ParsedChannel Parsed, Channel Channel, bool IsNew)> plan, List<Channel> existing, CancellationToken ct)
    {
        var moving = plan.Where(p => !p.IsNew && p.Parsed.Channel.Number != p.Channel.Number).Select(p => (p.Channel, Target: p.Parsed.Channel.Number)).ToList();
        var held = existing.Select(c => c.Number).ToHashSet();
        if (!moving.Any(m => held.Contains(m.Target)))
        {
            return;
        }

        var taken = held.Concat(plan.Select(p => p.Parsed.Channel.Number)).ToHashSet();
        using var parking = FreeNumbersFromTheTop(taken).GetEnumerator();
        foreach (var (channel, _) in moving)
        {
            // There are fewer channels than numbers, so a free one is always left.
            parking.MoveNext();
            channel.Renumber(parking.Current);
        }

        await db.SaveChangesAsync(ct);
    }

    private static IEnumerable<ChannelNumber> FreeNumbersFromTheTop(HashSet<ChannelNumber> taken)
    {
        for (var major = 99999; major >= 1; major--)
        {
            var number = ChannelNumber.Parse(major.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!taken.Contains(number))
            {
                yield return number;
            }
        }
    }

    /// <summary>The minted id, unless a renumbered channel already carries it (ids never change, numbers may).</summary>
    private static string FreeId(ChannelNumber number, Guid installation, HashSet<string> taken)
    {
        var minted = ChannelStableId.Mint(number, installation);
        const string suffix = ".retrovue";
        for (var n = 2; taken.Contains(minted); n++)
        {
            minted = $"{ChannelStableId.Mint(number, installation)[..^suffix.Length]}-{n}{suffix}";
        }

        return minted;
    }

    /// <summary>Each channel's own document text; a file that does not split cleanly is stored as the writer renders it.</summary>
    private static Dictionary<ParsedChannel, string> DocumentTexts(IReadOnlyList<ScheduleSource> sources, IReadOnlyList<ParsedChannel> channels)
    {
        var texts = new Dictionary<ParsedChannel, string>(ReferenceEqualityComparer.Instance);
        foreach (var group in channels.GroupBy(c => c.File, StringComparer.Ordinal))
        {
            var documents = group.ToList();
            var source = sources.First(s => string.Equals(s.File, group.Key, StringComparison.Ordinal));
            var split = ScheduleDocuments.Split(source.Text, documents.Count);
            for (var i = 0; i < documents.Count; i++)
            {
                texts[documents[i]] = split?[i] ?? ScheduleYamlWriter.Write(documents[i].Channel, documents[i].Schedule);
            }
        }

        return texts;
    }
}
