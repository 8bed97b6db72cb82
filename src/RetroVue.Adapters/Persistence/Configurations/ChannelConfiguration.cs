using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RetroVue.Domain.Common;
using RetroVue.Domain.Library;
using RetroVue.Domain.Scheduling;

namespace RetroVue.Adapters.Persistence.Configurations;

internal sealed class ChannelConfiguration : IEntityTypeConfiguration<Channel>
{
    public void Configure(EntityTypeBuilder<Channel> builder)
    {
        builder.ToTable("channels");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.StableId).HasMaxLength(128).IsRequired();
        builder.Property(c => c.Number).HasConversion(n => n.ToString(), text => ChannelNumber.Parse(text)).HasMaxLength(16);
        builder.Property(c => c.Name).HasMaxLength(100).IsRequired();
        builder.Property(c => c.Group).HasMaxLength(100);
        builder.Property(c => c.LogoUrl).HasMaxLength(2048);
        builder.Property(c => c.TimeZoneId).HasMaxLength(64).IsRequired();
        builder.ComplexProperty(c => c.Profile, profile =>
        {
            profile.Property(p => p.Width).HasColumnName("profile_width");
            profile.Property(p => p.Height).HasColumnName("profile_height");
            profile.Property(p => p.FrameRate).HasColumnName("profile_frame_rate");
            profile.Property(p => p.VideoBitRateKbps).HasColumnName("profile_video_bit_rate_kbps");
            profile.Property(p => p.AudioBitRateKbps).HasColumnName("profile_audio_bit_rate_kbps");
            profile.Property(p => p.Transcode).HasColumnName("profile_transcode").HasConversion<string>().HasMaxLength(16);
        });
        builder.ComplexProperty(c => c.GuideTemplates, guide =>
        {
            guide.Property(g => g.Title).HasColumnName("guide_title_template");
            guide.Property(g => g.SubTitle).HasColumnName("guide_sub_title_template");
            guide.Property(g => g.Description).HasColumnName("guide_description_template");
            guide.Ignore(g => g.IsEmpty);
        });
        builder.Ignore(c => c.TimeZone);
        builder.Ignore(c => c.Seed);
        builder.HasIndex(c => c.StableId).IsUnique();
        builder.HasIndex(c => c.Number).IsUnique();
    }
}

internal sealed class ChannelPlayoutConfiguration : IEntityTypeConfiguration<ChannelPlayout>
{
    public void Configure(EntityTypeBuilder<ChannelPlayout> builder)
    {
        builder.ToTable("channel_playouts");
        builder.HasKey(p => p.ChannelId);
        builder.Property(p => p.ScheduleFile).HasMaxLength(1024).IsRequired();
        builder.Property(p => p.ScheduleYaml).IsRequired();
        builder.Property(p => p.State).HasColumnType("jsonb");
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.Ignore(p => p.HasTimeline);
        builder.HasOne<Channel>().WithOne().HasForeignKey<ChannelPlayout>(p => p.ChannelId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StoredTimelineEntryConfiguration : IEntityTypeConfiguration<StoredTimelineEntry>
{
    public void Configure(EntityTypeBuilder<StoredTimelineEntry> builder)
    {
        builder.ToTable("timeline_entries");

        // (channel, start) is unique on a non-overlapping timeline, and its index answers "what plays at t" in O(log n).
        builder.HasKey(e => new { e.ChannelId, e.Start });
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.PlayOrder).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Pool).HasMaxLength(128);
        builder.Property(e => e.Title).HasMaxLength(512).IsRequired();
        builder.Property(e => e.SubTitle).HasMaxLength(512);
        builder.Property(e => e.GuideDate).HasMaxLength(8);
        builder.Property(e => e.Category).HasMaxLength(64);
        builder.Property(e => e.ArtworkKey).HasMaxLength(64);
        builder.Ignore(e => e.Duration);
        builder.HasIndex(e => new { e.ChannelId, e.GuideKey });
        builder.HasIndex(e => e.AssetId);
        builder.HasOne<Channel>().WithMany().HasForeignKey(e => e.ChannelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Asset>().WithMany().HasForeignKey(e => e.AssetId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class InstallationSettingConfiguration : IEntityTypeConfiguration<InstallationSetting>
{
    public void Configure(EntityTypeBuilder<InstallationSetting> builder)
    {
        builder.ToTable("settings");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(64);
        builder.Property(s => s.Value).IsRequired();
    }
}
