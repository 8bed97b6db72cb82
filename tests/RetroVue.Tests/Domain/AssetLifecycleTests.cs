using RetroVue.Domain.Library;

namespace RetroVue.Tests.Domain;

public sealed class AssetLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly FileFingerprint Original = FileFingerprint.Of(1000, Now.AddDays(-1));

    private static ProbeResult Video(TimeSpan duration) => new()
    {
        Container = "matroska,webm",
        Duration = duration,
        Streams = [new MediaStream { Index = 0, Kind = StreamKind.Video, Codec = "h264", Width = 640, Height = 360 }],
    };

    [Fact]
    public void A_new_asset_moves_through_enriching_to_ready_and_becomes_playable()
    {
        var asset = new Asset(Guid.NewGuid(), "/media/a.mkv", Original, Now);
        Assert.Equal(AssetState.New, asset.State);
        Assert.True(asset.NeedsProbe);

        asset.BeginEnrichment(Now);
        Assert.Equal(AssetState.Enriching, asset.State);

        asset.CompleteProbe(Video(TimeSpan.FromMinutes(22)), Now);
        Assert.Equal(AssetState.Ready, asset.State);
        Assert.True(asset.IsPlayable);
        Assert.False(asset.NeedsProbe);
    }

    [Fact]
    public void Seeing_the_same_fingerprint_again_changes_nothing()
    {
        var asset = new Asset(Guid.NewGuid(), "/media/a.mkv", Original, Now);
        asset.CompleteProbe(Video(TimeSpan.FromMinutes(22)), Now);
        Assert.False(asset.Observe(Original, Now.AddHours(1)));
        Assert.Equal(ProbeStatus.Succeeded, asset.ProbeStatus);
    }

    [Fact]
    public void A_changed_file_forgets_its_probe_and_must_be_probed_again()
    {
        var asset = new Asset(Guid.NewGuid(), "/media/a.mkv", Original, Now);
        asset.CompleteProbe(Video(TimeSpan.FromMinutes(22)), Now);
        Assert.True(asset.Observe(FileFingerprint.Of(2000, Now), Now.AddHours(1)));
        Assert.True(asset.NeedsProbe);
        Assert.False(asset.IsPlayable);
    }

    [Fact]
    public void A_retired_asset_keeps_its_facts_and_comes_back_when_its_file_reappears()
    {
        var asset = new Asset(Guid.NewGuid(), "/media/a.mkv", Original, Now);
        asset.CompleteProbe(Video(TimeSpan.FromMinutes(22)), Now);
        asset.Retire(Now.AddDays(1));
        Assert.Equal(AssetState.Retired, asset.State);
        Assert.False(asset.IsPlayable);
        Assert.Equal(TimeSpan.FromMinutes(22), asset.Duration);

        Assert.True(asset.Observe(Original, Now.AddDays(2)));
        Assert.Equal(AssetState.Ready, asset.State);
        Assert.Null(asset.RetiredAt);
        Assert.True(asset.IsPlayable);
    }

    [Fact]
    public void A_file_without_video_or_duration_is_not_playable()
    {
        var audioOnly = new Asset(Guid.NewGuid(), "/media/a.mka", Original, Now);
        audioOnly.CompleteProbe(new ProbeResult { Duration = TimeSpan.FromMinutes(3), Streams = [new MediaStream { Index = 0, Kind = StreamKind.Audio }] }, Now);
        Assert.False(audioOnly.IsPlayable);

        var noDuration = new Asset(Guid.NewGuid(), "/media/b.mkv", Original, Now);
        noDuration.CompleteProbe(Video(TimeSpan.Zero), Now);
        Assert.False(noDuration.IsPlayable);
    }

    [Fact]
    public void Fingerprints_are_compared_at_millisecond_precision_in_utc()
    {
        var local = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(2)).AddTicks(1234);
        var a = FileFingerprint.Of(10, local);
        var b = FileFingerprint.Of(10, local.ToUniversalTime().AddTicks(-1234));
        Assert.Equal(a, b);
        Assert.Equal(TimeSpan.Zero, a.ModifiedAt.Offset);
    }
}
