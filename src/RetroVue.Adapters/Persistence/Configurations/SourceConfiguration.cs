using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Persistence.Configurations;

internal sealed class SourceConfiguration : IEntityTypeConfiguration<Source>
{
    public void Configure(EntityTypeBuilder<Source> builder)
    {
        builder.ToTable("sources");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).HasMaxLength(64).IsRequired();
        builder.HasIndex(s => s.Name).IsUnique();
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(s => s.Settings)
            .HasColumnType("jsonb")
            .HasConversion(
                settings => JsonSerializer.Serialize(settings, JsonSerializerOptions.Default),
                json => JsonSerializer.Deserialize<Dictionary<string, string>>(json, JsonSerializerOptions.Default) ?? new Dictionary<string, string>(),
                new ValueComparer<Dictionary<string, string>>(
                    (a, b) => a != null && b != null && a.Count == b.Count && !a.Except(b).Any(),
                    d => d.Aggregate(0, (hash, pair) => HashCode.Combine(hash, pair.Key.GetHashCode(StringComparison.Ordinal), pair.Value.GetHashCode(StringComparison.Ordinal))),
                    d => new Dictionary<string, string>(d)));
        builder.HasMany(s => s.PathMappings).WithOne().HasForeignKey(m => m.SourceId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(s => s.PathMappings).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class PathMappingConfiguration : IEntityTypeConfiguration<PathMapping>
{
    public void Configure(EntityTypeBuilder<PathMapping> builder)
    {
        builder.ToTable("path_mappings");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.FromPrefix).HasMaxLength(4096);
        builder.Property(m => m.ToPrefix).HasMaxLength(4096);
        builder.HasIndex(m => new { m.SourceId, m.Order }).IsUnique();
    }
}
