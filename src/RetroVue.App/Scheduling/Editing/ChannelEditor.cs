using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RetroVue.App.Collections;
using RetroVue.App.Common;
using RetroVue.App.Guide.Templates;
using RetroVue.App.Scheduling.Yaml;
using RetroVue.Domain.Common;
using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Scheduling.Editing;

/// <summary>A channel as its edit pages show it: settings, the schedule document, and the version that detects concurrent edits.</summary>
public sealed record ChannelForm(ChannelView Channel, ChannelDefinition Settings, string ScheduleYaml, string Version);

/// <summary>Channel settings typed into a form or sent to the API; the rest of the schedule document is kept as written.</summary>
public sealed record ChannelSettingsInput(
    string? Number,
    string? Name,
    string? Group,
    string? Logo,
    string? TimeZone,
    string? BroadcastDayStart,
    int? GridMinutes,
    bool Enabled,
    GuideTemplateInput? Guide = null);

/// <summary>The guide templates as a form or the API sends them; a blank one means RetroVue's own text.</summary>
public sealed record GuideTemplateInput(string? Title, string? SubTitle, string? Description);

/// <summary>What a schedule would put on air, built in memory; or why it cannot be applied.</summary>
public sealed record SchedulePreview(
    IReadOnlyList<ScheduleError> Errors,
    string TimeZone,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<ProgrammeView> Programmes,
    int SkippedFiles)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Editing one channel from a page or the API: its schedule document (validated with errors at their lines,
/// previewed without saving, applied), its settings (rewriting only the document's channel section), and
/// creating a channel from a starter document. A version (a digest of the stored document) refuses to apply
/// over a change someone else made after the form was loaded.
/// </summary>
public sealed class ChannelEditor(IUnitOfWork unitOfWork, ChannelService channels, CatalogSnapshotLoader catalogLoader, TimeProvider clock)
{
    /// <summary>Far beyond any real schedule; keeps a pasted file from tying up the parser.</summary>
    public const int MaxDocumentLength = 256 * 1024;

    public static readonly TimeSpan DefaultPreviewLength = TimeSpan.FromHours(24);
    public static readonly TimeSpan MaxPreviewLength = TimeSpan.FromDays(7);

    /// <summary>Identifies the stored document: any apply (page, API, CLI) changes it; timeline builds do not.</summary>
    public static string VersionOf(string document) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document)))[..16];

    public Task<ChannelForm> GetAsync(ChannelNumber number, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var (channel, playout) = await LoadAsync(db, number, ct);
                var document = playout?.ScheduleYaml ?? ScheduleYamlWriter.WriteChannelSection(ChannelDefinition.Of(channel));
                return new ChannelForm(ChannelService.View(channel, playout), ChannelDefinition.Of(channel), document, VersionOf(document));
            },
            cancellationToken);

    /// <summary>
    /// Builds what the document would play from now for <paramref name="length"/>, in memory: nothing is written.
    /// For a channel on air it continues the stored timeline the way applying and rebuilding would (the programme
    /// on air stays, sequential series carry on); a new channel starts fresh.
    /// </summary>
    public Task<SchedulePreview> PreviewAsync(ChannelNumber? number, string? document, TimeSpan length, CancellationToken cancellationToken)
    {
        var text = RequireText(document);
        if (length <= TimeSpan.Zero || length > MaxPreviewLength)
        {
            throw new UserFacingException($"A preview covers more than 0 and at most {MaxPreviewLength.TotalHours:0} hours.");
        }

        return unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var now = clock.GetUtcNow().ToUniversalTime();
                var (editing, playout) = number is { } n ? await LoadAsync(db, n, ct) : (null, null);
                var source = new ScheduleSource(FileName(number, playout), text);
                var catalog = await catalogLoader.LoadAsync(db, ct);
                var collections = await CollectionSet.LoadAsync(db, clock, ct);
                var loaded = new ScheduleLoader(new SnapshotCatalogLookup(catalog.Snapshot, collections)).Load([source]);
                if (!loaded.IsValid)
                {
                    return Invalid(loaded.Errors, now, length);
                }

                ParsedChannel parsed;
                try
                {
                    parsed = OneDocument(loaded.Channels, source);
                }
                catch (ScheduleValidationException e)
                {
                    return Invalid(e.Errors, now, length);
                }

                var errors = await IdentityErrorsAsync(db, parsed, editing, ct);
                if (errors.Count > 0)
                {
                    return Invalid(errors, now, length);
                }

                Channel channel;
                ScheduleEngine engine;
                try
                {
                    // The loaded channel is not tracked, so the new settings never reach the database.
                    channel = editing ?? parsed.Channel.CreateChannel(await InstallationIdentity.GetAsync(db, ct));
                    parsed.Channel.ApplyTo(channel);
                    engine = new ScheduleEngine(channel, collections.Bind(parsed.Schedule), catalog.Snapshot);
                }
                catch (DomainException e)
                {
                    return Invalid([new ScheduleError(source.File, parsed.Line, e.Message)], now, length);
                }

                var entries = await PreviewEntriesAsync(db, engine, parsed.Schedule, channel, playout, now, now + length, ct);
                var stored = entries.Select(e => StoredTimelineEntry.Of(channel.Id, e, catalog.DetailsFor(e.Programme))).ToList();
                var byKey = stored.ToLookup(e => e.GuideKey);
                var programmes = GuideListing.Group(stored)
                    .Where(p => p.Stop > now && p.Start < now + length)
                    .Select(p => ProgrammeView.Of(p, byKey[p.Programme.GuideKey]))
                    .ToList();
                return new SchedulePreview([], channel.TimeZoneId, now, now + length, programmes, engine.Skipped.Count);
            },
            cancellationToken);
    }

    /// <summary>
    /// Validates and applies the document: updates channel <paramref name="number"/>, or creates a channel when it
    /// is null. Throws <see cref="ScheduleValidationException"/> (errors at their lines) or <see cref="ConflictException"/>
    /// when the stored document is no longer the one <paramref name="expectedVersion"/> names. Nothing changes on error.
    /// </summary>
    public Task<AppliedChannel> ApplyAsync(ChannelNumber? number, string? document, string? expectedVersion, CancellationToken cancellationToken)
    {
        var text = RequireText(document);
        return unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var (editing, playout) = number is { } n ? await LoadAsync(db, n, ct) : (null, null);
                RequireVersion(editing, playout, expectedVersion);
                var source = new ScheduleSource(FileName(number, playout), text);
                var (read, readErrors) = ScheduleYamlReader.Read(source);
                if (readErrors.Count > 0)
                {
                    throw new ScheduleValidationException(readErrors);
                }

                var identityErrors = await IdentityErrorsAsync(db, OneDocument(read, source), editing, ct);
                if (identityErrors.Count > 0)
                {
                    throw new ScheduleValidationException(identityErrors);
                }

                return (await channels.ApplyWithinAsync(db, [source], ct)).Single();
            },
            cancellationToken);
    }

    /// <summary>Changes the channel's settings by rewriting the channel section of its document, then applies it like any edit.</summary>
    public Task<AppliedChannel> UpdateSettingsAsync(ChannelNumber number, ChannelSettingsInput input, string? expectedVersion, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var (channel, playout) = await LoadAsync(db, number, ct);
                if (playout is null)
                {
                    throw new UserFacingException($"Channel {number} has no schedule document to update; apply one first.");
                }

                RequireVersion(channel, playout, expectedVersion);

                // The id goes into the document, so a renumbered channel stays the same channel.
                var settings = ReadSettings(input, ChannelDefinition.Of(channel)) with { StableId = channel.StableId };
                if (settings.Number != channel.Number && await db.Channels.AsNoTracking().FirstOrDefaultAsync(c => c.Number == settings.Number, ct) is { } holder)
                {
                    throw new ConflictException($"Channel number {settings.Number} is already used by '{holder.Name}'.");
                }

                var document = ChannelSection.Replace(playout.ScheduleYaml, ScheduleYamlWriter.WriteChannelSection(settings));
                return (await channels.ApplyWithinAsync(db, [new ScheduleSource(playout.ScheduleFile, document)], ct)).Single();
            },
            cancellationToken);

    /// <summary>A first document for a new channel: its settings and a schedule drawn from what the catalog holds, ready to edit.</summary>
    public Task<string> StarterAsync(ChannelSettingsInput input, CancellationToken cancellationToken)
    {
        var settings = ReadSettings(input, null);
        return unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                if (await db.Channels.AsNoTracking().FirstOrDefaultAsync(c => c.Number == settings.Number, ct) is { } holder)
                {
                    throw new ConflictException($"Channel number {settings.Number} is already used by '{holder.Name}'.");
                }

                var catalog = await catalogLoader.LoadAsync(db, ct);
                return ScheduleYamlWriter.WriteChannelSection(settings) + StarterSchedule.Body(catalog.Snapshot, settings);
            },
            cancellationToken);
    }

    /// <summary>The next free whole channel number, for the new-channel form.</summary>
    public Task<string> NextFreeNumberAsync(CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var taken = (await db.Channels.AsNoTracking().Select(c => c.Number).ToListAsync(ct)).Select(n => n.Major).ToHashSet();
                var next = 1;
                while (taken.Contains(next))
                {
                    next++;
                }

                return next.ToString(CultureInfo.InvariantCulture);
            },
            cancellationToken);

    /// <summary>Checks settings as a form sends them; <paramref name="current"/> supplies what the form does not edit (the streaming profile).</summary>
    public static ChannelDefinition ReadSettings(ChannelSettingsInput input, ChannelDefinition? current)
    {
        foreach (var (field, value) in new[] { ("The number", input.Number), ("The name", input.Name), ("The group", input.Group), ("The logo", input.Logo), ("The time zone", input.TimeZone), ("The broadcast day start", input.BroadcastDayStart) })
        {
            TextInput.Line(field, value);
        }

        if (!ChannelNumber.TryParse(input.Number?.Trim(), out var number))
        {
            throw new UserFacingException($"'{input.Number}' is not a channel number: use 1 to 99999, optionally with a sub-channel such as 2.1.");
        }

        var name = input.Name?.Trim() ?? string.Empty;
        if (name.Length is 0 or > 100 || name.IndexOfAny([',', '"', '\n', '\r']) >= 0)
        {
            throw new UserFacingException("A channel needs a name of 1 to 100 characters without commas or double quotes (IPTV players split on them).");
        }

        var zone = input.TimeZone?.Trim() ?? string.Empty;
        try
        {
            ChannelTimeZone.Find(zone);
        }
        catch (DomainException e)
        {
            throw new UserFacingException(e.Message);
        }

        var grid = input.GridMinutes ?? Channel.DefaultGridMinutes;
        if (!Channel.IsValidGrid(grid))
        {
            throw new UserFacingException($"A grid of {grid} minutes does not divide a day evenly: use 5, 10, 15, 20, 30, 60... minutes.");
        }

        var dayStartText = string.IsNullOrWhiteSpace(input.BroadcastDayStart) ? "06:00" : input.BroadcastDayStart.Trim();
        if (!TimeOnly.TryParseExact(dayStartText, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var dayStart))
        {
            throw new UserFacingException($"'{dayStartText}' is not a time of day; use HH:mm, e.g. 06:00.");
        }

        if (!Channel.IsOnGrid(dayStart, grid))
        {
            throw new UserFacingException($"The broadcast day start {dayStart:HH:mm} is off the {grid}-minute grid.");
        }

        var logo = string.IsNullOrWhiteSpace(input.Logo) ? null : input.Logo.Trim();
        if (logo is not null && ChannelLogo.Problem(logo) is { } logoProblem)
        {
            throw new UserFacingException(logoProblem);
        }

        var group = string.IsNullOrWhiteSpace(input.Group) ? null : input.Group.Trim();
        if (group is { Length: > 100 })
        {
            throw new UserFacingException("A group name has at most 100 characters.");
        }

        return new ChannelDefinition
        {
            StableId = current?.StableId,
            Number = number,
            Name = name,
            Group = group,
            LogoUrl = logo,
            TimeZoneId = zone,
            BroadcastDayStart = dayStart,
            GridMinutes = grid,
            Profile = current?.Profile ?? StreamingProfile.Default,
            Enabled = input.Enabled,

            // A form or request without templates keeps the channel's; checked before anything is saved.
            Guide = input.Guide is { } guide
                ? GuideTemplateCheck.Checked(guide.Title, guide.SubTitle, guide.Description)
                : current?.Guide ?? GuideTemplates.None,
        };
    }

    private static async Task<(Channel Channel, ChannelPlayout? Playout)> LoadAsync(IRetroVueDbContext db, ChannelNumber number, CancellationToken cancellationToken)
    {
        var channel = await db.Channels.AsNoTracking().FirstOrDefaultAsync(c => c.Number == number, cancellationToken)
            ?? throw new NotFoundException($"There is no channel {number}.");
        var playout = await db.ChannelPlayouts.AsNoTracking().FirstOrDefaultAsync(p => p.ChannelId == channel.Id, cancellationToken);
        return (channel, playout);
    }

    private static void RequireVersion(Channel? channel, ChannelPlayout? playout, string? expectedVersion)
    {
        if (channel is not null && !string.IsNullOrEmpty(expectedVersion) && playout is not null && VersionOf(playout.ScheduleYaml) != expectedVersion)
        {
            throw new ConflictException(
                $"Channel {channel.Number} was changed by someone else (or the command line) after you opened it; nothing was saved. Reload it to see the change, then make yours again.");
        }
    }

    private static string RequireText(string? document)
    {
        if (string.IsNullOrWhiteSpace(document))
        {
            throw new UserFacingException("The schedule is empty: it needs a channel section and at least one layer of blocks.");
        }

        return document.Length > MaxDocumentLength
            ? throw new UserFacingException($"The schedule is {document.Length:N0} characters long; at most {MaxDocumentLength:N0} are accepted.")
            : document.ReplaceLineEndings("\n");
    }

    private static string FileName(ChannelNumber? number, ChannelPlayout? playout) =>
        playout?.ScheduleFile is { Length: > 0 } file ? file : number is { } n ? $"channel-{n}.yaml" : "new-channel.yaml";

    /// <summary>An editor holds exactly one channel: several go through 'retrovue channel apply'.</summary>
    private static ParsedChannel OneDocument(IReadOnlyList<ParsedChannel> documents, ScheduleSource source) =>
        documents.Count == 1
            ? documents[0]
            : throw new ScheduleValidationException(documents.Count == 0
                ? [new ScheduleError(source.File, 1, "The schedule holds no channel document.")]
                : [new ScheduleError(source.File, documents[1].Line, $"This editor takes one channel; this text holds {documents.Count}. Apply several at once with 'retrovue channel apply FILE'.")]);

    /// <summary>The document must describe the channel being edited (same id; a renumbering keeps the id), and a new one must not collide.</summary>
    private static async Task<List<ScheduleError>> IdentityErrorsAsync(IRetroVueDbContext db, ParsedChannel parsed, Channel? editing, CancellationToken cancellationToken)
    {
        var errors = new List<ScheduleError>();
        var definition = parsed.Channel;
        var others = await db.Channels.AsNoTracking().Where(c => editing == null || c.Id != editing.Id).ToListAsync(cancellationToken);
        if (editing is not null && definition.StableId is { } id && !string.Equals(id, editing.StableId, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new ScheduleError(parsed.File, parsed.Lines.Id, $"This is channel {editing.Number}, whose id is '{editing.StableId}'; an id never changes. Put that id back or leave the line out."));
        }
        else if (editing is not null && definition.StableId is null && definition.Number != editing.Number)
        {
            errors.Add(new ScheduleError(parsed.File, parsed.Lines.Number, $"To renumber channel {editing.Number}, keep its id in the channel section (id: {editing.StableId}) so that it stays the same channel."));
        }
        else if (definition.StableId is { } newId && others.FirstOrDefault(c => string.Equals(c.StableId, newId, StringComparison.OrdinalIgnoreCase)) is { } owner)
        {
            errors.Add(new ScheduleError(parsed.File, parsed.Lines.Id, $"The id '{newId}' belongs to channel {owner.Number} ('{owner.Name}'); edit that channel or choose another id."));
        }
        else if (others.FirstOrDefault(c => c.Number == definition.Number) is { } holder)
        {
            errors.Add(new ScheduleError(parsed.File, parsed.Lines.Number, $"Channel number {definition.Number} is already used by '{holder.Name}'; choose another number."));
        }

        return errors;
    }

    /// <summary>The entries the next <paramref name="to"/> would hold: kept ones still on air, then the rebuilt future.</summary>
    private static async Task<IReadOnlyList<TimelineEntry>> PreviewEntriesAsync(
        IRetroVueDbContext db,
        ScheduleEngine engine,
        ChannelSchedule schedule,
        Channel channel,
        ChannelPlayout? playout,
        DateTimeOffset now,
        DateTimeOffset to,
        CancellationToken cancellationToken)
    {
        if (playout?.State is { } stateJson)
        {
            // As PlayoutService rebuilds: enough history for the filler caps and cooldowns of the present day.
            var since = now - TimeSpan.FromDays(2) - schedule.Filler.Cooldown;
            var stored = (await db.TimelineEntries.AsNoTracking()
                    .Where(e => e.ChannelId == channel.Id && e.End > since)
                    .OrderBy(e => e.Start)
                    .ToListAsync(cancellationToken))
                .Select(e => e.ToTimelineEntry())
                .ToList();
            if (stored.Count > 0 && stored[0].Start <= now)
            {
                var rebuilt = engine.RebuildFrom(ScheduleStateJson.Read(stateJson), stored, now, to);
                return [.. stored.Where(e => e.Start < rebuilt.ReplaceFrom && e.End > now), .. rebuilt.Entries];
            }
        }

        return engine.Build(now, to).Entries;
    }

    private static SchedulePreview Invalid(IReadOnlyList<ScheduleError> errors, DateTimeOffset now, TimeSpan length) =>
        new(errors, "UTC", now, now + length, [], 0);
}
