using RetroVue.App.Collections;
using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Scheduling;

/// <summary>A channel as a schedule file declares it; applied onto a new or existing <see cref="Channel"/>.</summary>
public sealed record ChannelDefinition
{
    /// <summary>Null when the file leaves it out: a new channel then gets a minted id, an existing one keeps its own.</summary>
    public string? StableId { get; init; }

    public required ChannelNumber Number { get; init; }
    public required string Name { get; init; }
    public string? Group { get; init; }
    public string? LogoUrl { get; init; }
    public required string TimeZoneId { get; init; }
    public TimeOnly BroadcastDayStart { get; init; } = Channel.DefaultBroadcastDayStart;
    public int GridMinutes { get; init; } = Channel.DefaultGridMinutes;
    public StreamingProfile Profile { get; init; } = StreamingProfile.Default;
    public bool Enabled { get; init; } = true;

    /// <summary>The channel's XMLTV text templates (<c>channel.guide</c>); <see cref="GuideTemplates.None"/> for RetroVue's own text.</summary>
    public GuideTemplates Guide { get; init; } = GuideTemplates.None;

    public Channel CreateChannel(Guid installationId)
    {
        var channel = new Channel(StableId ?? ChannelStableId.Mint(Number, installationId), Number, Name, TimeZoneId);
        ApplyTo(channel);
        return channel;
    }

    public void ApplyTo(Channel channel)
    {
        channel.Renumber(Number);
        channel.Rename(Name);
        channel.Describe(Group, LogoUrl);
        channel.MoveToTimeZone(TimeZoneId);
        channel.SetClock(BroadcastDayStart, GridMinutes);
        channel.UseProfile(Profile);
        channel.UseGuideTemplates(Guide);
        if (Enabled)
        {
            channel.Enable();
        }
        else
        {
            channel.Disable();
        }
    }

    public static ChannelDefinition Of(Channel channel) => new()
    {
        StableId = channel.StableId,
        Number = channel.Number,
        Name = channel.Name,
        Group = channel.Group,
        LogoUrl = channel.LogoUrl,
        TimeZoneId = channel.TimeZoneId,
        BroadcastDayStart = channel.BroadcastDayStart,
        GridMinutes = channel.GridMinutes,
        Profile = channel.Profile,
        Enabled = channel.Enabled,
        Guide = channel.GuideTemplates,
    };
}

/// <summary>How schedule validation sees the catalog; tests substitute their own.</summary>
public interface ICatalogLookup
{
    /// <summary>The pool with its saved collection bound; throws a <see cref="RetroVue.Domain.Common.DomainException"/> when the collection is missing or no longer binds.</summary>
    ContentPool Bind(ContentPool pool);

    ResolvedPool Resolve(ContentPool pool);
}

/// <param name="collections">The saved collections pools may name; none when left out.</param>
public sealed class SnapshotCatalogLookup(CatalogSnapshot snapshot, CollectionSet? collections = null) : ICatalogLookup
{
    public ContentPool Bind(ContentPool pool) => (collections ?? CollectionSet.Empty).Bind(pool);

    public ResolvedPool Resolve(ContentPool pool) => PoolResolver.Resolve(pool, snapshot);
}
