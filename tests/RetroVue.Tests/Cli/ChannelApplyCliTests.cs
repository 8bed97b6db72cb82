using System.Globalization;
using System.Text.Json;
using RetroVue.Domain.Scheduling;
using RetroVue.Tests.Channels;

namespace RetroVue.Tests.Cli;

/// <summary>`retrovue channel apply` rebuilds the timelines it changes, as the admin and the API do.</summary>
public sealed class ChannelApplyCliTests
{
    /// <summary>Movies back to back all day: after a rebuild every new programme is a movie.</summary>
    private const string MoviesAllDay = """
        pools:
          - name: movies
            movies: true
        layers:
          - name: every day
            days: all
            blocks:
              - at: "06:00"
                kind: marathon
                pool: movies
        """;

    [Fact]
    public async Task Applying_a_changed_schedule_rebuilds_the_timeline_from_now_and_keeps_the_entry_on_air()
    {
        await using var harness = await PlayoutServiceTests.SeededAsync();
        var cli = new CliRunner(harness.ConnectionString);
        var file = Path.Combine(Directory.CreateTempSubdirectory("rv-apply-cli-").FullName, "classic.yaml");
        await File.WriteAllTextAsync(file, Yamls.Sitcoms("2", "Classic"));

        var created = await cli.RunAsync("channel", "apply", file);
        var before = await harness.TimelineAsync("2");
        var now = DateTimeOffset.UtcNow;
        var onAir = before.Single(e => e.Start <= now && e.End > now);
        await File.WriteAllTextAsync(file, Yamls.Channel("2", "Classic", MoviesAllDay));
        var updated = await cli.RunAsync("channel", "apply", file, "--json");
        var after = await harness.TimelineAsync("2");

        Assert.True(created.ExitCode == 0, created.StandardError);
        Assert.Matches(@"Created: channel 2 'Classic' \(.+\) from .+classic\.yaml; timeline built from \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ: \d+ entries, built until ", created.StandardOutput);
        Assert.True(before[^1].End >= now.AddDays(7), "a new channel is built to the horizon (7 days)");
        Assert.All(before.Where(e => e.Kind == TimelineEntryKind.Program), e => Assert.False(e.IsMovie));

        Assert.True(updated.ExitCode == 0, updated.StandardError);
        using var json = JsonDocument.Parse(updated.StandardOutput);
        var channel = Assert.Single(json.RootElement.EnumerateArray().ToList());
        Assert.Equal("updated", channel.GetProperty("outcome").GetString());
        var timeline = channel.GetProperty("timeline");
        Assert.Equal("rebuilt", timeline.GetProperty("action").GetString());
        var rebuiltFrom = DateTimeOffset.Parse(timeline.GetProperty("rebuiltFrom").GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange(rebuiltFrom, onAir.End, onAir.End.AddHours(1));
        Assert.Equal(after.Count(e => e.Start >= rebuiltFrom), timeline.GetProperty("entries").GetInt32());

        // The entry on air keeps its start, end and file; the past is untouched; from the rebuild on, movies play.
        Assert.Contains(after, e => e.Start == onAir.Start && e.End == onAir.End && e.AssetId == onAir.AssetId);
        Assert.Equal(
            before.Where(e => e.Start < rebuiltFrom).Select(e => e.ToTimelineEntry()),
            after.Where(e => e.Start < rebuiltFrom).Select(e => e.ToTimelineEntry()));
        var future = after.Where(e => e.Start >= rebuiltFrom && e.Kind == TimelineEntryKind.Program).ToList();
        Assert.NotEmpty(future);
        Assert.All(future, e => Assert.True(e.IsMovie, $"{e.Title} at {e.Start:O} is not a movie"));
        Assert.True(after[^1].End >= now.AddDays(7));
    }

    [Fact]
    public async Task An_apply_that_fails_validation_changes_neither_the_schedule_nor_the_timeline()
    {
        await using var harness = await PlayoutServiceTests.SeededAsync();
        var cli = new CliRunner(harness.ConnectionString);
        var folder = Directory.CreateTempSubdirectory("rv-apply-cli-").FullName;
        var good = Path.Combine(folder, "classic.yaml");
        var bad = Path.Combine(folder, "bad.yaml");
        await File.WriteAllTextAsync(good, Yamls.Sitcoms("2", "Classic"));
        await cli.RunAsync("channel", "apply", good);
        var tables = await harness.ChannelTablesAsync();
        var timeline = (await harness.TimelineAsync("2")).Select(e => e.ToTimelineEntry()).ToList();
        await File.WriteAllTextAsync(good, Yamls.Channel("2", "Classic", MoviesAllDay));
        await File.WriteAllTextAsync(bad, Yamls.Sitcoms("4", "Bad").Replace("[Sitcom]", "[No Such Show]", StringComparison.Ordinal));

        var refused = await cli.RunAsync("channel", "apply", good, bad, "--json");
        var again = await cli.RunAsync("channel", "apply", bad);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"{bad}:8: Pool 'sitcom': series 'No Such Show' is not in the catalog.", refused.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, refused.StandardOutput.Trim());
        Assert.Equal(1, again.ExitCode);
        Assert.Equal(tables, await harness.ChannelTablesAsync());
        Assert.Equal(timeline, (await harness.TimelineAsync("2")).Select(e => e.ToTimelineEntry()).ToList());
    }

    [Fact]
    public async Task Applying_an_unchanged_schedule_leaves_the_timeline_alone_and_says_so()
    {
        await using var harness = await PlayoutServiceTests.SeededAsync();
        var cli = new CliRunner(harness.ConnectionString);
        var file = Path.Combine(Directory.CreateTempSubdirectory("rv-apply-cli-").FullName, "classic.yaml");
        await File.WriteAllTextAsync(file, Yamls.Sitcoms("2", "Classic"));
        await cli.RunAsync("channel", "apply", file);
        var timeline = (await harness.TimelineAsync("2")).Select(e => e.ToTimelineEntry()).ToList();

        var human = await cli.RunAsync("channel", "apply", file);
        var json = await cli.RunAsync("channel", "apply", file, "--json");

        Assert.Contains("Unchanged: channel 2 'Classic'", human.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("its timeline is left as it is.", human.StandardOutput, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.StandardOutput);
        var channel = Assert.Single(document.RootElement.EnumerateArray().ToList());
        Assert.Equal("unchanged", channel.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, channel.GetProperty("timeline").ValueKind);
        Assert.Equal(timeline, (await harness.TimelineAsync("2")).Select(e => e.ToTimelineEntry()).ToList());
    }
}
