using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RetroVue.Domain.Library;
using RetroVue.Domain.Review;

namespace RetroVue.Adapters.Persistence.Configurations;

internal sealed class ReviewItemConfiguration : IEntityTypeConfiguration<ReviewItem>
{
    public void Configure(EntityTypeBuilder<ReviewItem> builder)
    {
        builder.ToTable("review_items");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Reason).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Details).IsRequired();

        // The same problem is never queued twice.
        builder.HasIndex(r => new { r.AssetId, r.Reason }).IsUnique();
        builder.HasIndex(r => r.Status);
        builder.HasOne<Asset>().WithMany().HasForeignKey(r => r.AssetId).OnDelete(DeleteBehavior.Cascade);
    }
}
