using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Persistence.Configurations;

/// <summary>What the admin pages add to the catalog's mapping: a keyset-paging index and edit-conflict detection.</summary>
internal sealed class AdminAssetConfiguration : IEntityTypeConfiguration<Asset>
{
    public void Configure(EntityTypeBuilder<Asset> builder) =>
        // Library pages walk assets in path order, 50 at a time, over tens of thousands of rows.
        builder.HasIndex(a => new { a.CanonicalPath, a.Id });
}

internal sealed class AdminSourceConfiguration : IEntityTypeConfiguration<Source>
{
    public void Configure(EntityTypeBuilder<Source> builder) =>
        // A form that was opened before someone else saved the source must not overwrite their change.
        builder.Property<uint>(App.Sources.SourceEditor.VersionProperty).HasColumnName("xmin").HasColumnType("xid").ValueGeneratedOnAddOrUpdate().IsConcurrencyToken();
}
