using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.App.Scheduling;
using RetroVue.Domain.Common;
using RetroVue.Domain.Scheduling;
using RetroVue.Domain.Scheduling.Collections;

namespace RetroVue.App.Collections;

public sealed record CollectionView(string Name, string Query, string? Description, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>One matched item as a preview shows it.</summary>
public sealed record CollectionItemView(string Title, string Kind, int? Year, int? Season, int? Episode, string? EpisodeTitle, TimeSpan Duration);

/// <summary>What a query matches now: the playable items a pool would take, the matched items that cannot play, and the first few.</summary>
public sealed record CollectionPreview(int Count, int Unavailable, IReadOnlyList<CollectionItemView> First);

/// <summary>A channel whose schedule takes a collection, and through which pool.</summary>
public sealed record CollectionUse(string Channel, string ChannelName, string Pool);

public sealed record CollectionDetails(CollectionView Collection, CollectionPreview Preview, IReadOnlyList<CollectionUse> UsedBy);

/// <summary>A query that does not read or bind; <see cref="Column"/> is 1-based in the query text.</summary>
public sealed class InvalidCollectionQueryException(int column, string message) : UserFacingException(message)
{
    public int Column { get; } = column;
}

/// <summary>
/// Saved collections: add, list, show, test a query without saving, change, remove. Every text is checked before it is
/// stored; a collection a schedule uses cannot be removed, and changing its query makes those channels rebuild their
/// future at the next build.
/// </summary>
public sealed class CollectionService(IUnitOfWork unitOfWork, CatalogSnapshotLoader catalogLoader, TimeProvider clock)
{
    public const int DefaultPreviewSize = 10;
    public const int MaxPreviewSize = 100;

    public Task<CollectionView> AddAsync(string name, string query, string? description, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var slug = Checked(() => CollectionName.Parse(name));
                if (await db.Collections.AnyAsync(c => c.Name == slug, ct))
                {
                    throw new ConflictException($"A collection named '{slug}' exists already; change it with 'retrovue collection set {slug}'.");
                }

                var parsed = await ParseAndBindAsync(db, query, ct);
                var collection = Checked(() => new SmartCollection(slug, parsed, description, clock.GetUtcNow()));
                db.Collections.Add(collection);
                return View(collection);
            },
            cancellationToken);

    public Task<IReadOnlyList<CollectionView>> ListAsync(CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync<IReadOnlyList<CollectionView>>(
            async (db, ct) => (await db.Collections.AsNoTracking().ToListAsync(ct)).OrderBy(c => c.Name, StringComparer.Ordinal).Select(View).ToList(),
            cancellationToken);

    public Task<CollectionDetails> ShowAsync(string name, int previewSize, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var collection = await FindAsync(db, name, ct);
                var preview = await PreviewAsync(db, collection.Query, previewSize, ct);
                return new CollectionDetails(View(collection), preview, await UsesAsync(db, collection.Name, ct));
            },
            cancellationToken);

    /// <summary>What <paramref name="query"/> matches in the catalog now, without saving anything.</summary>
    public Task<CollectionPreview> TestAsync(string query, int previewSize, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync((db, ct) => PreviewAsync(db, query, previewSize, ct), cancellationToken);

    /// <param name="query">The new query; null keeps it.</param>
    /// <param name="setDescription">Whether <paramref name="description"/> replaces the description (null or blank clears it).</param>
    public Task<CollectionView> SetAsync(string name, string? query, string? description, bool setDescription, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var collection = await FindAsync(db, name, ct);
                var parsed = query is null ? null : await ParseAndBindAsync(db, query, ct);
                var queryBefore = collection.Query;
                var now = clock.GetUtcNow();
                Checked(() => collection.Change(parsed, description, setDescription, now));
                if (collection.Query != queryBefore)
                {
                    // The channels taking it rebuild their future at the next build, so the change shows without waiting for the horizon.
                    var users = (await UsesAsync(db, collection.Name, ct)).Select(u => u.Channel).ToHashSet(StringComparer.Ordinal);
                    var channels = await db.Channels.AsNoTracking().ToListAsync(ct);
                    var ids = channels.Where(c => users.Contains(c.Number.ToString())).Select(c => c.Id).ToList();
                    foreach (var playout in await db.ChannelPlayouts.Where(p => ids.Contains(p.ChannelId)).ToListAsync(ct))
                    {
                        playout.RequestRebuild(now);
                    }
                }

                return View(collection);
            },
            cancellationToken);

    /// <summary>Removes the collection unless a channel's schedule takes it (the message names the channels).</summary>
    public Task<CollectionView> RemoveAsync(string name, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var collection = await FindAsync(db, name, ct);
                var uses = await UsesAsync(db, collection.Name, ct);
                if (uses.Count > 0)
                {
                    var named = string.Join(", ", uses.Select(u => $"channel {u.Channel} '{u.ChannelName}' (pool '{u.Pool}')"));
                    throw new ConflictException($"Collection '{collection.Name}' is used by {named}; change that schedule first, then remove the collection.");
                }

                db.Collections.Remove(collection);
                return View(collection);
            },
            cancellationToken);

    private static async Task<SmartCollection> FindAsync(IRetroVueDbContext db, string name, CancellationToken ct)
    {
        var slug = (name ?? string.Empty).Trim().ToLowerInvariant();
        return await db.Collections.FirstOrDefaultAsync(c => c.Name == slug, ct)
            ?? throw new NotFoundException($"There is no collection '{name}' (see 'retrovue collection list').");
    }

    private async Task<CollectionQuery> ParseAndBindAsync(IRetroVueDbContext db, string query, CancellationToken ct)
    {
        var parsed = Parse(query);
        Bind(parsed, await CollectionSet.ContextAsync(db, clock, ct));
        return parsed;
    }

    private async Task<CollectionPreview> PreviewAsync(IRetroVueDbContext db, string query, int previewSize, CancellationToken ct)
    {
        if (previewSize is < 0 or > MaxPreviewSize)
        {
            throw new UserFacingException($"A preview shows 0 to {MaxPreviewSize} items.");
        }

        var parsed = Parse(query);
        var filter = Bind(parsed, await CollectionSet.ContextAsync(db, clock, ct));
        var catalog = await catalogLoader.LoadAsync(db, ct);
        var pool = PoolResolver.Resolve(new ContentPool { Name = "preview", Collection = "preview", CollectionFilter = filter }, catalog.Snapshot);
        return new CollectionPreview(pool.Items.Count, pool.Unavailable.Count, pool.Items.Take(previewSize).Select(ItemView).ToList());
    }

    /// <summary>The channels whose stored schedules take the collection.</summary>
    private static async Task<IReadOnlyList<CollectionUse>> UsesAsync(IRetroVueDbContext db, string name, CancellationToken ct)
    {
        var rows = await (from c in db.Channels.AsNoTracking()
                          join p in db.ChannelPlayouts.AsNoTracking() on c.Id equals p.ChannelId
                          select new { Channel = c, Playout = p })
            .ToListAsync(ct);
        var uses = new List<CollectionUse>();
        foreach (var row in rows.OrderBy(r => r.Channel.Number))
        {
            ChannelSchedule schedule;
            try
            {
                schedule = StoredSchedule.Parse(row.Channel, row.Playout);
            }
            catch (UserFacingException)
            {
                // A stored schedule that no longer reads uses nothing it can build; apply reports it.
                continue;
            }

            uses.AddRange(schedule.Pools
                .Where(p => string.Equals(p.Collection, name, StringComparison.Ordinal))
                .Select(p => new CollectionUse(row.Channel.Number.ToString(), row.Channel.Name, p.Name)));
        }

        return uses;
    }

    private static CollectionQuery Parse(string? query)
    {
        try
        {
            return CollectionQuery.Parse(query);
        }
        catch (CollectionQueryException e)
        {
            throw new InvalidCollectionQueryException(e.Column, $"The query does not read: {e.Message}");
        }
    }

    private static CollectionFilter Bind(CollectionQuery query, QueryContext context)
    {
        try
        {
            return query.Bind(context);
        }
        catch (CollectionQueryException e)
        {
            throw new InvalidCollectionQueryException(e.Column, $"The query does not fit the library: {e.Message}");
        }
    }

    private static T Checked<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (DomainException e)
        {
            throw new UserFacingException(e.Message, e);
        }
    }

    private static CollectionView View(SmartCollection c) => new(c.Name, c.Query, c.Description, c.CreatedAt, c.UpdatedAt);

    private static CollectionItemView ItemView(CatalogItem i) =>
        new(i.TitleName, i.TitleKind == Domain.Library.TitleKind.Movie ? "movie" : "show", i.Year, i.SeasonNumber, i.EpisodeNumber, i.EpisodeTitle, i.Duration);
}
