using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Persistence.Configurations;

internal sealed class TitleConfiguration : IEntityTypeConfiguration<Title>
{
    public void Configure(EntityTypeBuilder<Title> builder)
    {
        builder.ToTable("titles");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Name).HasMaxLength(512).IsRequired();
        builder.Property(t => t.NormalizedName).HasMaxLength(512).IsRequired();
        builder.Property(t => t.ContentRating).HasMaxLength(32);
        builder.Property(t => t.CommunityRating);
        builder.Property(t => t.Poster).HasConversion(ArtworkColumn.Converter).HasMaxLength(ArtworkColumn.MaxLength);

        // A show without a year and the same show with one are different titles; two without are the same.
        builder.HasIndex(t => new { t.Kind, t.NormalizedName, t.Year }).IsUnique().AreNullsDistinct(false);
    }
}

internal sealed class TitleTagConfiguration : IEntityTypeConfiguration<TitleTag>
{
    public void Configure(EntityTypeBuilder<TitleTag> builder)
    {
        builder.ToTable("title_tags");
        builder.HasKey(t => new { t.TitleId, t.SourceId, t.Kind, t.NormalizedName });
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Name).HasMaxLength(TagName.MaxLength).IsRequired();
        builder.Property(t => t.NormalizedName).HasMaxLength(TagName.MaxLength).IsRequired();
        builder.HasIndex(t => new { t.Kind, t.NormalizedName });
        builder.HasOne<Title>().WithMany().HasForeignKey(t => t.TitleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Source>().WithMany().HasForeignKey(t => t.SourceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SeasonConfiguration : IEntityTypeConfiguration<Season>
{
    public void Configure(EntityTypeBuilder<Season> builder)
    {
        builder.ToTable("seasons");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).HasMaxLength(512);
        builder.HasIndex(s => new { s.TitleId, s.Number }).IsUnique();
        builder.HasOne<Title>().WithMany().HasForeignKey(s => s.TitleId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(s => s.IsSpecials);
    }
}

internal sealed class EpisodeConfiguration : IEntityTypeConfiguration<Episode>
{
    public void Configure(EntityTypeBuilder<Episode> builder)
    {
        builder.ToTable("episodes");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Name).HasMaxLength(512);
        builder.Property(e => e.ContentRating).HasMaxLength(32);
        builder.Property(e => e.Still).HasConversion(ArtworkColumn.Converter).HasMaxLength(ArtworkColumn.MaxLength);
        builder.HasIndex(e => new { e.SeasonId, e.Number }).IsUnique();
        builder.HasIndex(e => e.TitleId);
        builder.HasOne<Season>().WithMany().HasForeignKey(e => e.SeasonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Title>().WithMany().HasForeignKey(e => e.TitleId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AssetConfiguration : IEntityTypeConfiguration<Asset>
{
    public void Configure(EntityTypeBuilder<Asset> builder)
    {
        builder.ToTable("assets");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.CanonicalPath).IsRequired();
        builder.HasIndex(a => new { a.SourceId, a.CanonicalPath }).IsUnique();
        builder.HasIndex(a => a.TitleId);
        builder.HasIndex(a => a.State);
        builder.Property(a => a.Container).HasMaxLength(128);
        builder.Property(a => a.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.ProbeStatus).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.SourceFingerprint).HasMaxLength(128);
        builder.Property(a => a.StreamKey).HasMaxLength(4096);
        builder.HasOne<Source>().WithMany().HasForeignKey(a => a.SourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Title>().WithMany().HasForeignKey(a => a.TitleId).OnDelete(DeleteBehavior.SetNull);
        builder.Ignore(a => a.Fingerprint);
        builder.Ignore(a => a.NeedsProbe);
        builder.Ignore(a => a.IsPlayable);
        builder.OwnsMany(a => a.Streams, streams =>
        {
            streams.ToJson("streams");
            streams.Property(s => s.Kind).HasConversion<string>();
        });
        builder.Navigation(a => a.Streams).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class EpisodeAssetConfiguration : IEntityTypeConfiguration<EpisodeAsset>
{
    public void Configure(EntityTypeBuilder<EpisodeAsset> builder)
    {
        builder.ToTable("episode_assets");
        builder.HasKey(l => new { l.EpisodeId, l.AssetId });
        builder.HasIndex(l => l.AssetId);
        builder.HasOne<Episode>().WithMany().HasForeignKey(l => l.EpisodeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Asset>().WithMany().HasForeignKey(l => l.AssetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProviderRefConfiguration : IEntityTypeConfiguration<ProviderRef>
{
    public void Configure(EntityTypeBuilder<ProviderRef> builder)
    {
        builder.ToTable("provider_refs", table =>
            table.HasCheckConstraint("ck_provider_refs_one_owner", "num_nonnulls(title_id, episode_id, asset_id) = 1"));
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Provider).HasMaxLength(32).IsRequired();
        builder.Property(r => r.ExternalId).HasMaxLength(256).IsRequired();
        builder.HasIndex(r => new { r.Provider, r.ExternalId, r.TitleId, r.EpisodeId, r.AssetId }, "ux_provider_refs_identity").IsUnique().AreNullsDistinct(false);
        builder.HasIndex(r => r.TitleId);
        builder.HasIndex(r => r.EpisodeId);
        builder.HasIndex(r => r.AssetId);
        builder.HasOne<Title>().WithMany().HasForeignKey(r => r.TitleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Episode>().WithMany().HasForeignKey(r => r.EpisodeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Asset>().WithMany().HasForeignKey(r => r.AssetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MarkerConfiguration : IEntityTypeConfiguration<Marker>
{
    public void Configure(EntityTypeBuilder<Marker> builder)
    {
        builder.ToTable("markers");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Label).HasMaxLength(512);
        builder.HasIndex(m => new { m.AssetId, m.Kind, m.Start }).IsUnique();
        builder.HasOne<Asset>().WithMany().HasForeignKey(m => m.AssetId).OnDelete(DeleteBehavior.Cascade);
    }
}
