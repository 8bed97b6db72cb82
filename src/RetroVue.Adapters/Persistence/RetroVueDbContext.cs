using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using RetroVue.App.Common;
using RetroVue.Domain.Common;
using RetroVue.Domain.Library;
using RetroVue.Domain.Review;
using RetroVue.Domain.Scheduling;
using RetroVue.Domain.Scheduling.Collections;
using RetroVue.Domain.Security;

namespace RetroVue.Adapters.Persistence;

public sealed class RetroVueDbContext(DbContextOptions<RetroVueDbContext> options) : DbContext(options), IRetroVueDbContext
{
    public DbSet<Source> Sources => Set<Source>();
    public DbSet<PathMapping> PathMappings => Set<PathMapping>();
    public DbSet<Title> Titles => Set<Title>();
    public DbSet<Season> Seasons => Set<Season>();
    public DbSet<Episode> Episodes => Set<Episode>();
    public DbSet<Asset> Assets => Set<Asset>();
    public DbSet<EpisodeAsset> EpisodeAssets => Set<EpisodeAsset>();
    public DbSet<ProviderRef> ProviderRefs => Set<ProviderRef>();
    public DbSet<TitleTag> TitleTags => Set<TitleTag>();
    public DbSet<Marker> Markers => Set<Marker>();
    public DbSet<ReviewItem> ReviewItems => Set<ReviewItem>();
    public DbSet<SyncRun> SyncRuns => Set<SyncRun>();
    public DbSet<Channel> Channels => Set<Channel>();
    public DbSet<ChannelPlayout> ChannelPlayouts => Set<ChannelPlayout>();
    public DbSet<StoredTimelineEntry> TimelineEntries => Set<StoredTimelineEntry>();
    public DbSet<InstallationSetting> Settings => Set<InstallationSetting>();
    public DbSet<AdminUser> AdminUsers => Set<AdminUser>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AdminSession> AdminSessions => Set<AdminSession>();
    public DbSet<ServerSetting> ServerSettings => Set<ServerSetting>();
    public DbSet<SmartCollection> Collections => Set<SmartCollection>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RetroVueDbContext).Assembly);
        ApplySnakeCaseNames(modelBuilder);
    }

    /// <summary>PostgreSQL folds unquoted names to lower case; snake_case keeps hand-written SQL readable.</summary>
    private static void ApplySnakeCaseNames(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (entity.IsMappedToJson())
            {
                continue;
            }

            if (entity.GetTableName() is { } table && !entity.IsOwned())
            {
                entity.SetTableName(ToSnakeCase(table));
            }

            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.GetColumnName()));
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName(ToSnakeCase(key.GetName()!));
            }

            foreach (var foreignKey in entity.GetForeignKeys())
            {
                foreignKey.SetConstraintName(ToSnakeCase(foreignKey.GetConstraintName()!));
            }

            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName(ToSnakeCase(index.GetDatabaseName()!));
            }
        }
    }

    internal static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                var previousIsUpper = i > 0 && char.IsUpper(name[i - 1]);
                if (i > 0 && name[i - 1] != '_' && (previousIsLowerOrDigit || (previousIsUpper && nextIsLower)))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
