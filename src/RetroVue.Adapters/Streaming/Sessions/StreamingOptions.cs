namespace RetroVue.Adapters.Streaming.Sessions;

/// <summary>Tuning of the channel sessions (configuration section "Streaming").</summary>
public sealed class StreamingOptions
{
    public const string SectionName = "Streaming";

    /// <summary>How long a channel keeps running after its last viewer left, so a quick re-tune is instant.</summary>
    public double GraceSeconds { get; set; } = 30;

    /// <summary>How far the stream runs ahead of the timeline: what a tuning viewer receives at once.</summary>
    public double BurstSeconds { get; set; } = 3;

    /// <summary>The next item's ffmpeg starts this long (of content) before the current item ends.</summary>
    public double PrestartSeconds { get; set; } = 3;

    /// <summary>
    /// An ffmpeg silent this long while its output is due (pacing holds do not count) is considered stalled, stopped,
    /// and replaced by the slate; well under the viewers' lead, so they never wait a second for bytes.
    /// </summary>
    public double StallTimeoutSeconds { get; set; } = 0.5;

    /// <summary>How long after its start an ffmpeg may take to produce its first packets (open, probe, seek its input).</summary>
    public double StartTimeoutSeconds { get; set; } = 4;

    /// <summary>
    /// An item whose ffmpeg died or stalled is resumed where it reached after this much slate (time for the new
    /// ffmpeg to start); a second failure of the same entry reports the file and slates the rest.
    /// </summary>
    public double ResumeSlateSeconds { get; set; } = 1;

    /// <summary>
    /// Output queued for one viewer beyond this is a viewer that cannot keep up: it is dropped. Must hold a tune-in
    /// burst (burst + one GOP: about 10 MB at 20 Mbps).
    /// </summary>
    public int ViewerBufferMegabytes { get; set; } = 16;

    /// <summary>Keyframe interval of transcoded items: the granularity of tune-in.</summary>
    public double GopSeconds { get; set; } = 1;

    public string X264Preset { get; set; } = "veryfast";

    /// <summary>x264 tune; "zerolatency" makes the first picture of a cold tune arrive sooner. Empty for none.</summary>
    public string? X264Tune { get; set; } = "zerolatency";

    /// <summary>Upper bound of the recent output kept per channel for tuning viewers.</summary>
    public int HistoryMegabytes { get; set; } = 32;

    /// <summary>An item that ends more than this short of its length is treated as failed (slate for the rest).</summary>
    public double ShortfallToleranceSeconds { get; set; } = 1;

    /// <summary>
    /// A copied file can only start at a keyframe, up to a whole GOP before the wanted instant. When a session
    /// starts mid-item (the first viewer tunes in), that item is transcoded instead, so it starts on the exact
    /// frame; copying resumes with the next item. Off: such joins start at the keyframe before the instant
    /// (cheaper, up to a GOP early).
    /// </summary>
    public bool AccurateJoins { get; set; } = true;

    /// <summary>
    /// A viewer joining a running channel whose nearest kept keyframe is further than <see cref="JoinToleranceSeconds"/>
    /// from the present gets a short bridge: the channel's recent output re-encoded from the exact instant up to the
    /// next keyframe, then the shared stream. Off: such joins start at the nearest keyframe (up to half a GOP off).
    /// </summary>
    public bool ExactJoins { get; set; } = true;

    /// <summary>A kept keyframe this close to the present is joined as it is, without a bridge.</summary>
    public double JoinToleranceSeconds { get; set; } = 0.1;

    /// <summary>Join bridges running at once on this server (each is a short ffmpeg); a join beyond it starts at the nearest keyframe.</summary>
    public int MaxJoinBridges { get; set; } = 2 * Environment.ProcessorCount;

    /// <summary>
    /// With <see cref="ExactJoins"/>: each running channel keeps a join standby, an ffmpeg re-encoding its output with a
    /// keyframe every 0.2 s, so a joining viewer starts at once from the standby's keyframe nearest the present instead
    /// of waiting for a bridge's ffmpeg to start and decode up to a GOP. Off: every exact join starts its own bridge.
    /// </summary>
    public bool JoinStandby { get; set; } = true;

    /// <summary>Join standbys running at once on this server; a channel beyond it joins viewers through bridges.</summary>
    public int MaxJoinStandbys { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Channels that may transcode at once on this server; a viewer who would start one more gets a 503 instead of
    /// slowing every channel below real time. The default follows the density benchmark (docs/benchmarks.md): 2 cores
    /// kept 8 transcoded 720p channels at real time, so 4 per core.
    /// </summary>
    public int MaxTranscodes { get; set; } = 4 * Environment.ProcessorCount;

    public TimeSpan Grace => TimeSpan.FromSeconds(GraceSeconds);

    public TimeSpan Burst => TimeSpan.FromSeconds(BurstSeconds);

    public TimeSpan Prestart => TimeSpan.FromSeconds(PrestartSeconds);

    public TimeSpan StallTimeout => TimeSpan.FromSeconds(StallTimeoutSeconds);

    public TimeSpan StartTimeout => TimeSpan.FromSeconds(StartTimeoutSeconds);

    public TimeSpan ResumeSlate => TimeSpan.FromSeconds(ResumeSlateSeconds);

    public TimeSpan ShortfallTolerance => TimeSpan.FromSeconds(ShortfallToleranceSeconds);
}
