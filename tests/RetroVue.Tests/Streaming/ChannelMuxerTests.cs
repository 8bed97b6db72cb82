using RetroVue.Adapters.Processes;
using RetroVue.Adapters.Streaming.Sessions;
using RetroVue.Adapters.Streaming.Ts;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Streaming;

/// <summary>The muxer joins separate ffmpeg outputs into one clean stream (what byte concatenation cannot do).</summary>
public sealed class ChannelMuxerTests
{
    private static async Task<byte[]> FfmpegTsAsync(TestMediaFolder folder, string name, string source, string arguments)
    {
        var path = folder.File(name);
        var ffmpeg = ExecutableLocator.FindOnPath("ffmpeg")!;
        List<string> args = ["-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", source, "-f", "lavfi", "-i", "sine=frequency=300:sample_rate=48000", "-t", "2"];
        args.AddRange(arguments.Split(' '));
        args.AddRange(["-f", "mpegts", "-muxdelay", "0", "-muxpreload", "0", "-pes_payload_size", "0", path]);
        var result = await ProcessRunner.RunAsync(ffmpeg, args, TimeSpan.FromSeconds(60));
        Assert.True(result.Succeeded, result.StandardError);
        return await File.ReadAllBytesAsync(path);
    }

    private static Task<byte[]> RemuxAsync(params byte[][] items) =>
        RemuxAsync(items.Select(item => (item, -1L, long.MaxValue)).ToArray());

    /// <summary>Remuxes items in turn; an item with a placement (not -1) starts at that PTS and is cut at its seam.</summary>
    private static async Task<byte[]> RemuxAsync(params (byte[] Item, long PlaceAt, long Seam)[] items)
    {
        var muxer = new ChannelMuxer("Muxer Test", 25);
        var output = new MemoryStream();
        var scratch = new byte[ChannelMuxer.MaxPacketsPerInput * TsPacket.Size];
        foreach (var (item, placeAt, seam) in items)
        {
            await using var feed = ItemFeed.FromStream(new MemoryStream(item), TimeSpan.FromSeconds(5));
            var head = await feed.ReadHeadAsync(CancellationToken.None);
            Assert.NotNull(head);
            if (placeAt < 0)
            {
                muxer.BeginItem(head);
            }
            else
            {
                muxer.BeginItem(head, placeAt, seam);
            }

            int silent;
            while ((silent = muxer.WriteSilence(scratch)) > 0)
            {
                output.Write(scratch, 0, silent * TsPacket.Size);
            }

            while (true)
            {
                var block = await feed.ReadAsync(CancellationToken.None);
                if (block.IsEmpty)
                {
                    break;
                }

                for (var at = 0; at < block.Length; at += TsPacket.Size)
                {
                    var result = muxer.Remux(block.Span.Slice(at, TsPacket.Size), scratch);
                    output.Write(scratch, 0, result.Packets * TsPacket.Size);
                }
            }
        }

        return output.ToArray();
    }

    [Fact]
    public async Task Three_ffmpeg_outputs_become_one_stream_with_continuous_counters_and_a_clock_that_only_moves_forward()
    {
        using var folder = TestMedia.CreateFolder();
        const string Encode = "-c:v libx264 -preset ultrafast -g 25 -keyint_min 25 -sc_threshold 0 -flags +cgop -pix_fmt yuv420p -c:a aac -ar 48000 -ac 2";
        var a = await FfmpegTsAsync(folder, "a.ts", "testsrc2=size=160x90:rate=25", Encode);
        var b = await FfmpegTsAsync(folder, "b.ts", "testsrc=size=160x90:rate=25", Encode);
        var c = await FfmpegTsAsync(folder, "c.ts", "color=c=red:size=160x90:rate=25", Encode);

        var joined = await RemuxAsync(a, b, c);

        var report = TsAnalyzer.Analyze(joined);
        report.AssertClean();
        Assert.Equal(PsiTables.VideoPid, report.VideoPid);
        Assert.Equal(PsiTables.AudioPid, report.AudioPid);
        Assert.Equal("Muxer Test", report.ServiceName);
        Assert.Equal(3600, report.MaxVideoPtsGap);
        Assert.Equal(3 * 50, report.VideoAccessUnits);
        Assert.InRange(report.VideoSeconds, 5.9, 6.1);
    }

    [Fact]
    public async Task An_item_with_b_frames_after_one_without_is_delayed_by_no_more_than_its_reorder_delay()
    {
        using var folder = TestMedia.CreateFolder();
        const string Encode = "-c:v libx264 -preset ultrafast -g 25 -pix_fmt yuv420p -c:a aac -ar 48000 -ac 2";
        var plain = await FfmpegTsAsync(folder, "a.ts", "testsrc2=size=160x90:rate=25", Encode);
        var reordered = await FfmpegTsAsync(folder, "b.ts", "testsrc=size=160x90:rate=25", Encode.Replace("ultrafast", "medium", StringComparison.Ordinal) + " -bf 2");

        var report = TsAnalyzer.Analyze(await RemuxAsync(plain, reordered));

        // Decode order must still advance, so the B-frame item's first frame waits for its two-frame reorder delay.
        report.AssertClean();
        Assert.InRange(report.MaxVideoPtsGap, 3600, (3 * 3600) + 1);
    }

    [Fact]
    public async Task Items_land_on_their_scheduled_instants_overlaps_are_cut_at_the_seam_and_audio_holes_are_filled_with_silence()
    {
        using var folder = TestMedia.CreateFolder();
        const string Encode = "-c:v libx264 -preset ultrafast -g 25 -keyint_min 25 -sc_threshold 0 -flags +cgop -bf 0 -pix_fmt yuv420p -c:a aac -ar 48000 -ac 2";
        var a = await FfmpegTsAsync(folder, "a.ts", "testsrc2=size=160x90:rate=25", Encode);
        var b = await FfmpegTsAsync(folder, "b.ts", "testsrc=size=160x90:rate=25", Encode);
        var c = await FfmpegTsAsync(folder, "c.ts", "color=c=red:size=160x90:rate=25", Encode);
        const long O = ChannelMuxer.ClockOrigin;

        // Every item is 2 s long. a's slot is 1.5 s (cut), b starts 0.5 s after a's slot ends (a hole), b's slot is
        // 1.7 s (cut), c follows at once.
        var joined = await RemuxAsync((a, O, O + 135_000), (b, O + 180_000, O + 333_000), (c, O + 333_000, long.MaxValue));

        var report = TsAnalyzer.Analyze(joined);
        report.AssertClean();
        Assert.Contains(O, report.VideoPts);
        Assert.Contains(O + 180_000, report.VideoPts);
        Assert.Contains(O + 333_000, report.VideoPts);
        Assert.DoesNotContain(report.VideoPts, pts => pts >= O + 135_000 && pts < O + 180_000);
        Assert.Equal(38, report.VideoPts.Count(pts => pts >= O && pts < O + 135_000));
        Assert.Equal(43, report.VideoPts.Count(pts => pts >= O + 180_000 && pts < O + 333_000));
        Assert.Equal(50, report.VideoPts.Count(pts => pts >= O + 333_000));
        var audio = AudioPts(joined);
        Assert.Equal(audio.Order(), audio);
        var steps = audio.Zip(audio.Skip(1), (x, y) => y - x).ToList();
        Assert.True(steps.Max() < 2 * 1_920, $"an audio hole of {steps.Max()} ticks");
        Assert.True(steps.Min() > 0, "audio frames overlap");
    }

    [Fact]
    public async Task The_silent_aac_frame_decodes_to_silence_in_ffmpeg()
    {
        var path = Path.Combine(Path.GetTempPath(), $"silent-{Guid.NewGuid():N}.aac");
        try
        {
            using (var file = File.Create(path))
            {
                for (var i = 0; i < 50; i++)
                {
                    file.Write(SilentAac.AdtsFrame);
                }
            }

            var decoded = await ProcessRunner.RunAsync(ExecutableLocator.FindOnPath("ffmpeg")!, ["-nostdin", "-v", "error", "-i", path, "-f", "s16le", "-ac", "2", "-ar", "48000", "pipe:1"], TimeSpan.FromSeconds(30));

            Assert.True(decoded.Succeeded && decoded.StandardError.Length == 0, decoded.StandardError);
            Assert.Equal(50 * 1024 * 2 * 2, decoded.StandardOutput.Length);
            Assert.DoesNotContain(decoded.StandardOutput, ch => ch != '\0');
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static List<long> AudioPts(byte[] stream)
    {
        List<long> pts = [];
        for (var at = 0; at + TsPacket.Size <= stream.Length; at += TsPacket.Size)
        {
            var packet = stream.AsSpan(at, TsPacket.Size);
            if (TsPacket.Pid(packet) == PsiTables.AudioPid && TsPacket.PayloadUnitStart(packet) && TsPacket.PtsOffset(packet, out _) is var offset and >= 0)
            {
                pts.Add(TsPacket.ReadTimestamp(packet[offset..]));
            }
        }

        return pts;
    }

    [Fact]
    public async Task Byte_concatenation_of_the_same_outputs_is_what_the_muxer_prevents()
    {
        using var folder = TestMedia.CreateFolder();
        const string Encode = "-c:v libx264 -preset ultrafast -g 25 -pix_fmt yuv420p -c:a aac -ar 48000 -ac 2";
        var a = await FfmpegTsAsync(folder, "a.ts", "testsrc2=size=160x90:rate=25", Encode);
        var b = await FfmpegTsAsync(folder, "b.ts", "testsrc=size=160x90:rate=25", Encode);

        var concatenated = TsAnalyzer.Analyze([.. a, .. b]);

        Assert.True(concatenated.TimestampRegressions > 0 && concatenated.ContinityErrors > 0, concatenated.ToString());
    }

    [Fact]
    public void The_channel_tables_carry_valid_crcs_and_a_utf8_service_name()
    {
        var tables = new PsiTables("Kanal Zwei – Nostalgie");
        var packets = new byte[3 * TsPacket.Size];
        tables.WritePat(packets, 0);
        tables.WritePmt(packets.AsSpan(TsPacket.Size), 0);
        tables.WriteSdt(packets.AsSpan(2 * TsPacket.Size), 0);

        var report = TsAnalyzer.Analyze(packets);

        Assert.Equal(0, report.CrcErrors);
        Assert.True(report.StartsWithPat);
        Assert.Equal(PsiTables.VideoPid, report.VideoPid);
        Assert.Equal("Kanal Zwei – Nostalgie", report.ServiceName);
    }

    [Fact]
    public void Timestamps_survive_a_round_trip_through_the_33_bit_fields()
    {
        var packet = new byte[TsPacket.Size];
        packet[0] = TsPacket.SyncByte;
        packet[3] = 0x30;
        packet[4] = 7;
        packet[5] = 0x10;
        var field = new byte[] { 0x31, 0, 1, 0, 1 };

        foreach (var value in new[] { 0L, 1L, 900_000L, TsPacket.TimestampModulus - 1, TsPacket.TimestampModulus + 5 })
        {
            TsPacket.SetPcrBase(packet, value);
            TsPacket.WriteTimestamp(field, value);

            Assert.Equal(value % TsPacket.TimestampModulus, TsPacket.PcrBase(packet));
            Assert.Equal(value % TsPacket.TimestampModulus, TsPacket.ReadTimestamp(field));
            Assert.Equal(0x30, field[0] & 0xF0);
        }
    }
}

public sealed class GopHistoryTests
{
    private static TsChunk Chunk(bool key, long clock, int bytes = 188) => new(new byte[bytes], bytes, key, clock);

    [Fact]
    public void A_joining_viewer_starts_at_the_keyframe_nearest_the_present()
    {
        var history = new GopHistory(TimeSpan.FromSeconds(60), 1 << 20);
        foreach (var key in new[] { 0L, 90_000, 180_000, 270_000 })
        {
            history.Add(Chunk(true, key));
            history.Add(Chunk(false, key + 45_000));
        }

        var chunks = history.From(170_000).ToList();

        Assert.Equal(180_000, chunks[0].Clock);
        Assert.True(chunks[0].StartsKeyframe);
        Assert.Equal(4, chunks.Count);
    }

    [Fact]
    public void Output_before_the_first_keyframe_is_not_kept()
    {
        var history = new GopHistory(TimeSpan.FromSeconds(60), 1 << 20);
        history.Add(Chunk(false, 0));

        Assert.Empty(history.From(0));
    }

    [Fact]
    public void The_history_is_bounded_by_age_and_by_bytes()
    {
        var byAge = new GopHistory(TimeSpan.FromSeconds(2), 1 << 30);
        var byBytes = new GopHistory(TimeSpan.FromHours(1), 10_000);
        for (var second = 0L; second < 100; second++)
        {
            byAge.Add(Chunk(true, second * 90_000));
            byBytes.Add(Chunk(true, second * 90_000, 4_000));
        }

        Assert.InRange(byAge.Count, 2, 4);
        Assert.True(byBytes.Bytes <= 10_000, $"{byBytes.Bytes} bytes kept");
        Assert.Equal(99 * 90_000, byBytes.From(long.MaxValue).First().Clock);
    }
}

public sealed class ViewerConnectionTests
{
    [Fact]
    public async Task A_viewer_that_falls_too_far_behind_is_dropped_instead_of_buffering_without_end()
    {
        var viewer = new ViewerConnection(maxQueuedBytes: 1_000, DateTimeOffset.UnixEpoch);

        Assert.True(viewer.Offer(new TsChunk(new byte[600], 600, true, 0)));
        Assert.False(viewer.Offer(new TsChunk(new byte[600], 600, false, 1)));

        Assert.Equal("the viewer could not keep up and was dropped", viewer.EndReason);
        Assert.NotNull(await viewer.NextAsync(CancellationToken.None));
        Assert.Null(await viewer.NextAsync(CancellationToken.None));
    }
}
