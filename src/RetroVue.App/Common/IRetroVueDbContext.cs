using Microsoft.EntityFrameworkCore;
using RetroVue.Domain.Common;
using RetroVue.Domain.Library;
using RetroVue.Domain.Review;
using RetroVue.Domain.Scheduling;
using RetroVue.Domain.Scheduling.Collections;
using RetroVue.Domain.Security;

namespace RetroVue.App.Common;

/// <summary>The catalog as use cases see it. Implemented in Adapters on PostgreSQL.</summary>
public interface IRetroVueDbContext
{
    DbSet<Source> Sources { get; }
    DbSet<PathMapping> PathMappings { get; }
    DbSet<Title> Titles { get; }
    DbSet<Season> Seasons { get; }
    DbSet<Episode> Episodes { get; }
    DbSet<Asset> Assets { get; }
    DbSet<EpisodeAsset> EpisodeAssets { get; }
    DbSet<ProviderRef> ProviderRefs { get; }
    DbSet<TitleTag> TitleTags { get; }
    DbSet<Marker> Markers { get; }
    DbSet<ReviewItem> ReviewItems { get; }
    DbSet<SyncRun> SyncRuns { get; }
    DbSet<Channel> Channels { get; }
    DbSet<ChannelPlayout> ChannelPlayouts { get; }
    DbSet<StoredTimelineEntry> TimelineEntries { get; }
    DbSet<InstallationSetting> Settings { get; }
    DbSet<AdminUser> AdminUsers { get; }
    DbSet<ApiKey> ApiKeys { get; }
    DbSet<AdminSession> AdminSessions { get; }
    DbSet<ServerSetting> ServerSettings { get; }
    DbSet<SmartCollection> Collections { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}
