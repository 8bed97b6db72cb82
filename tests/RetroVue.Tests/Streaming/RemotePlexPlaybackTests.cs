using System.Globalization;
using System.Net;
using System.Net.Sockets;
using RetroVue.App.Streaming;
using RetroVue.Domain.Review;
using RetroVue.Tests.Plex.Support;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Streaming;

/// <summary>
/// Files only Plex can reach (not mounted here) play from the Plex server's part URL through RetroVue's loopback relay,
/// over HTTP with real ffmpeg and real media bytes, in real time; Plex's faults become the slate with the cause named.
/// </summary>
[Collection(StreamingCollection.Name)]
public sealed class RemotePlexPlaybackTests
{
    [Fact]
    public async Task Copied_and_transcoded_items_that_only_plex_has_play_through_it_as_one_clean_transport_stream()
    {
        using var media = TestMedia.CreateFolder();
        await using var plex = await FakePlexParts.StartAsync();
        var wide = ThroughPlex(plex, await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("wide.mkv"), seconds: 6, width: 640, height: 360, frameRate: "30000/1001")));
        var copyable = ThroughPlex(plex, await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("copy.mp4"), seconds: 6, width: 320, height: 180)));
        await using var harness = await StreamingHarness.StartAsync();
        harness.AddChannel("21", "Remote", StreamingHarness.SmallProfile, StreamingHarness.Timeline(DateTimeOffset.UtcNow.AddSeconds(-1), [(wide, 3), (copyable, 3)]), wide, copyable);
        var modes = new HashSet<string>();
        using var watching = new CancellationTokenSource();
        var watcher = harness.WatchModesAsync(modes, watching.Token);

        var recording = await harness.RecordAsync("21", TimeSpan.FromSeconds(8));
        await watching.CancelAsync();
        await watcher;

        var report = recording.Analyze();
        report.AssertClean();
        Assert.True(report.VideoSeconds > 7, "the stream stopped: " + report);
        Assert.Contains("Copy", modes);
        Assert.Contains("Transcode", modes);
        Assert.Empty(harness.Faults.Faults);
        Assert.NotEmpty(plex.RangesFor(wide.Remote!));
        Assert.NotEmpty(plex.RangesFor(copyable.Remote!));
        Assert.All(plex.Requests, r => Assert.True(r.HadToken, $"{r.Method} {r.Path} came without the token"));
    }

    [Fact]
    public async Task The_plex_token_is_in_no_ffmpeg_command_line_no_url_and_no_log_line()
    {
        using var media = TestMedia.CreateFolder();
        await using var plex = await FakePlexParts.StartAsync();
        var clip = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("clip.mkv"), seconds: 6, width: 640, height: 360));
        var served = ThroughPlex(plex, clip);
        var refused = ThroughPlex(plex, clip, PartBehaviour.Status(401));
        var logs = new CapturingLoggerProvider();
        await using var harness = await StreamingHarness.StartAsync(logs: logs);
        harness.AddChannel("22", "Secret", StreamingHarness.SmallProfile, StreamingHarness.Timeline(DateTimeOffset.UtcNow, [(served, 3), (refused, 2), (served, 8)], loops: 2), served, refused);
        var commandLines = new List<string>();
        using var sampling = new CancellationTokenSource();
        var sampler = SampleFfmpegCommandLinesAsync(commandLines, sampling.Token);

        var recording = await harness.RecordAsync("22", TimeSpan.FromSeconds(7));
        await sampling.CancelAsync();
        await sampler;

        recording.Analyze().AssertClean();
        Assert.Contains(commandLines, line => line.Contains("http://127.0.0.1:", StringComparison.Ordinal));
        Assert.All(commandLines, line => Assert.DoesNotContain(plex.Token, line, StringComparison.Ordinal));
        Assert.All(plex.Requests, r => Assert.DoesNotContain(plex.Token, r.RawTarget, StringComparison.Ordinal));
        Assert.Contains(logs.Lines, line => line.Contains("Plex refused the token (401)", StringComparison.Ordinal));
        Assert.All(logs.Lines, line => Assert.DoesNotContain(plex.Token, line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_viewer_joining_mid_item_gets_the_timeline_position_read_with_a_range_request_from_the_middle_of_the_part()
    {
        using var media = TestMedia.CreateFolder();
        await using var plex = await FakePlexParts.StartAsync();
        var local = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("clock.mp4"), seconds: 12, width: 640, height: 360));
        var clip = ThroughPlex(plex, local);
        await using var harness = await StreamingHarness.StartAsync();
        var entryStart = DateTimeOffset.UtcNow.AddSeconds(-4);
        harness.AddChannel("23", "Join", StreamingHarness.SmallProfile, StreamingHarness.Timeline(entryStart, [(clip, 12)], loops: 2), clip);

        var tunedAt = DateTimeOffset.UtcNow;
        var recording = await harness.RecordAsync("23", TimeSpan.FromSeconds(3));

        recording.Analyze().AssertClean();
        var shown = await ContentClock.FirstFramePositionAsync(local.FilePath, 25, recording.Bytes, media.Path);
        var expected = tunedAt - entryStart;
        Assert.True(Math.Abs((shown - expected).TotalSeconds) <= 0.5, $"showed {shown.TotalSeconds:0.00} s, the timeline was at {expected.TotalSeconds:0.00} s");
        var length = new FileInfo(local.FilePath).Length;
        var starts = plex.RangesFor(clip.Remote!).Select(RangeStart).ToList();
        Assert.Contains(starts, start => start > length / 10 && start < length * 8 / 10);
        Assert.Empty(harness.Faults.Faults);
    }

    [Theory]
    [InlineData(401, "Plex refused the token (401)", ReviewReason.RemoteRefused)]
    [InlineData(403, "Plex refused the token (403)", ReviewReason.RemoteRefused)]
    [InlineData(404, "Plex no longer has the part (404)", ReviewReason.RemoteGone)]
    [InlineData(500, "Plex answered 500", ReviewReason.RemoteUnavailable)]
    public async Task A_part_plex_refuses_airs_as_the_slate_and_is_reported_once_with_the_cause(int status, string cause, ReviewReason reason)
    {
        using var media = TestMedia.CreateFolder();
        await using var plex = await FakePlexParts.StartAsync();
        var clip = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("refused.mkv"), seconds: 4));
        await AssertSlateAndOneFaultAsync(media, ThroughPlex(plex, clip, PartBehaviour.Status(status)), cause, reason);
    }

    [Fact]
    public async Task A_plex_server_that_cannot_be_reached_gives_the_slate_and_one_fault_naming_it()
    {
        using var media = TestMedia.CreateFolder();
        var clip = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("away.mkv"), seconds: 4));
        var closedPort = ClosedLoopbackPort();
        var away = clip with
        {
            Id = Guid.NewGuid(),
            FilePath = "/not-mounted/away.mkv",
            Remote = new RemoteMedia("Plex", new Uri($"http://127.0.0.1:{closedPort.ToString(CultureInfo.InvariantCulture)}/library/parts/9/away.mkv"), new Dictionary<string, string> { ["X-Plex-Token"] = "unused-token" }),
        };
        await AssertSlateAndOneFaultAsync(media, away, "Plex could not be reached: connection refused", ReviewReason.RemoteUnavailable);
    }

    [Fact]
    public async Task Plex_dropping_the_connection_mid_item_is_resumed_from_the_byte_reached_and_the_viewer_never_notices()
    {
        using var media = TestMedia.CreateFolder();
        await using var plex = await FakePlexParts.StartAsync();
        var local = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("dropped.mkv"), seconds: 8, width: 640, height: 360));
        var dropAt = new FileInfo(local.FilePath).Length / 2;
        var dropped = ThroughPlex(plex, local, PartBehaviour.DropOnceAt(dropAt));
        await using var harness = await StreamingHarness.StartAsync();
        harness.AddChannel("24", "Drop", StreamingHarness.SmallProfile, StreamingHarness.Timeline(DateTimeOffset.UtcNow.AddSeconds(-1), [(dropped, 8)], loops: 2), dropped);

        var recording = await harness.RecordAsync("24", TimeSpan.FromSeconds(7));

        var report = recording.Analyze();
        report.AssertClean();
        Assert.True(report.VideoSeconds > 6, "the stream stopped: " + report);
        var ranges = plex.RangesFor(dropped.Remote!);

        // The relay's resume names its end (ffmpeg's own requests never do) and starts where the relay's copy stopped:
        // at the cut or before it, since bytes in flight when the connection is reset are lost.
        Assert.True(
            ranges.Any(range => range is not null && !range.EndsWith('-') && RangeStart(range) is > 0 and { } start && start <= dropAt),
            $"no resume up to byte {dropAt}: {string.Join(", ", ranges)}; faults: {string.Join("; ", harness.Faults.Faults.Select(f => f.Problem))}");
        Assert.Empty(harness.Faults.Faults);
        Assert.Equal(0, harness.Sessions.Sessions().Single().SlateInsertions);
    }

    [Fact]
    public async Task A_part_plex_serves_truncated_plays_up_to_the_cut_then_the_slate_with_one_fault_naming_the_truncation()
    {
        using var media = TestMedia.CreateFolder();
        await using var plex = await FakePlexParts.StartAsync();
        var local = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("cut.mkv"), seconds: 4));
        var truncated = ThroughPlex(plex, local, PartBehaviour.TruncatedAt(new FileInfo(local.FilePath).Length / 2));
        await AssertSlateAndOneFaultAsync(media, truncated, "Plex ended the part early", ReviewReason.RemoteUnavailable);
    }

    /// <summary>Plays a local item, the remote one, and a local item again; the remote one must turn into the slate and one fault.</summary>
    private static async Task AssertSlateAndOneFaultAsync(TestMediaFolder media, PlayoutAsset failing, string cause, ReviewReason reason)
    {
        var good = await StreamingHarness.AssetAsync(await TestMedia.VideoAsync(media.File("good.mp4"), seconds: 8, width: 640, height: 360));
        await using var harness = await StreamingHarness.StartAsync();
        harness.AddChannel("25", "Faults", StreamingHarness.SmallProfile, StreamingHarness.Timeline(DateTimeOffset.UtcNow, [(good, 2), (failing, 4), (good, 8)], loops: 2), good, failing);

        var recording = await harness.RecordAsync("25", TimeSpan.FromSeconds(8));

        var report = recording.Analyze();
        report.AssertClean();
        Assert.True(report.VideoSeconds > 7, "the stream stopped: " + report);
        var fault = Assert.Single(harness.Faults.Faults, f => f.AssetId == failing.Id);
        Assert.Contains(cause, fault.Problem, StringComparison.Ordinal);
        Assert.Equal(reason, fault.Cause);
        Assert.DoesNotContain(harness.Faults.Faults, f => f.AssetId == good.Id);
        Assert.True(harness.Sessions.Sessions().Single().SlateInsertions >= 1);
    }

    /// <summary>The same file, known only by a path that does not exist here and its Plex part.</summary>
    private static PlayoutAsset ThroughPlex(FakePlexParts plex, PlayoutAsset local, PartBehaviour? behaviour = null) =>
        local with { Id = Guid.NewGuid(), FilePath = "/not-mounted/" + Path.GetFileName(local.FilePath), Remote = plex.Serve(local.FilePath, behaviour) };

    private static long? RangeStart(string? range) =>
        range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && long.TryParse(range["bytes=".Length..range.IndexOf('-', StringComparison.Ordinal)], CultureInfo.InvariantCulture, out var start) ? start : null;

    private static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task SampleFfmpegCommandLinesAsync(List<string> lines, CancellationToken cancellationToken)
    {
        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                try
                {
                    var stat = await File.ReadAllTextAsync(Path.Combine(directory, "stat"), CancellationToken.None);
                    if (stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1] != self)
                    {
                        continue;
                    }

                    var commandLine = (await File.ReadAllTextAsync(Path.Combine(directory, "cmdline"), CancellationToken.None)).Replace('\0', ' ');
                    if (commandLine.Contains("ffmpeg", StringComparison.Ordinal))
                    {
                        lines.Add(commandLine);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
                {
                    // Not a process, or it ended while we looked.
                }
            }

            try
            {
                await Task.Delay(50, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
