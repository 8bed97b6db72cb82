using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RetroVue.Domain.Scheduling.Collections;

namespace RetroVue.Adapters.Persistence.Configurations;

internal sealed class CollectionConfiguration : IEntityTypeConfiguration<SmartCollection>
{
    public void Configure(EntityTypeBuilder<SmartCollection> builder)
    {
        builder.ToTable("collections");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Name).HasMaxLength(CollectionName.MaxLength).IsRequired();
        builder.HasIndex(c => c.Name).IsUnique();
        builder.Property(c => c.Query).IsRequired();
        builder.Property(c => c.Description).HasMaxLength(SmartCollection.MaxDescriptionLength);
    }
}
