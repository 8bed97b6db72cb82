using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.Domain.Common;
using RetroVue.Domain.Scheduling;
using RetroVue.Domain.Scheduling.Collections;

namespace RetroVue.App.Collections;

/// <summary>
/// The saved collections as one apply or build sees them, bound to the sources that exist and to the instant the work
/// runs at, so that "added within 30d" means the same thing for every pool of that build.
/// </summary>
public sealed class CollectionSet
{
    private readonly Dictionary<string, SmartCollection> _byName;
    private readonly Dictionary<string, CollectionFilter> _bound = new(StringComparer.Ordinal);

    public CollectionSet(IEnumerable<SmartCollection> collections, QueryContext context)
    {
        _byName = collections.ToDictionary(c => c.Name, StringComparer.Ordinal);
        Context = context;
    }

    public static CollectionSet Empty { get; } = new([], new QueryContext(DateTimeOffset.UnixEpoch, []));

    public QueryContext Context { get; }

    public static async Task<CollectionSet> LoadAsync(IRetroVueDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var collections = await db.Collections.AsNoTracking().ToListAsync(cancellationToken);
        return new CollectionSet(collections, await ContextAsync(db, clock, cancellationToken));
    }

    /// <summary>What queries are bound against: now, and the sources by name.</summary>
    public static async Task<QueryContext> ContextAsync(IRetroVueDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var sources = await db.Sources.AsNoTracking().Select(s => new { s.Name, s.Id }).ToListAsync(cancellationToken);
        return new QueryContext(clock.GetUtcNow(), sources.Select(s => KeyValuePair.Create(s.Name, s.Id)));
    }

    /// <summary>The collection's bound query; a <see cref="DomainException"/> says which collection is missing or no longer binds.</summary>
    public CollectionFilter Bind(string name)
    {
        if (_bound.TryGetValue(name, out var filter))
        {
            return filter;
        }

        if (!_byName.TryGetValue(name, out var collection))
        {
            throw new DomainException($"collection '{name}' does not exist (see 'retrovue collection list').");
        }

        try
        {
            filter = CollectionQuery.Parse(collection.Query).Bind(Context);
        }
        catch (CollectionQueryException e)
        {
            throw new DomainException($"collection '{name}' no longer works: {e.Message}. Fix it with 'retrovue collection set {name} --query ...'.");
        }

        _bound[name] = filter;
        return filter;
    }

    /// <summary>The pool with its collection's query bound; pools without a collection come back as they are.</summary>
    public ContentPool Bind(ContentPool pool) =>
        pool.Collection is { } name ? pool with { CollectionFilter = Bind(name) } : pool;

    /// <summary>Every pool of <paramref name="schedule"/> bound; a missing collection fails the whole schedule, naming the pool.</summary>
    public ChannelSchedule Bind(ChannelSchedule schedule)
    {
        if (!schedule.Pools.Any(p => p.Collection is not null))
        {
            return schedule;
        }

        var pools = new List<ContentPool>(schedule.Pools.Count);
        foreach (var pool in schedule.Pools)
        {
            try
            {
                pools.Add(Bind(pool));
            }
            catch (DomainException e)
            {
                throw new DomainException($"Pool '{pool.Name}': {e.Message}");
            }
        }

        return schedule with { Pools = pools };
    }
}
