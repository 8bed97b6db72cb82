using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using RetroVue.App.Guide;
using RetroVue.Domain.Scheduling;
using RetroVue.Tests.Channels;
using RetroVue.Tests.Cli;

namespace RetroVue.Tests.Guide;

/// <summary>
/// Every guide view (XMLTV, `playout show` and its JSON, the timeline API's programmes, the admin's grid) shows a
/// stored timeline's instants rounded to the nearest second, the same way, so adjacent programmes stay contiguous.
/// </summary>
public sealed class GuideTimeRoundingTests
{
    private static readonly DateTimeOffset Six = ChannelHarness.Monday6;

    [Fact]
    public async Task Programmes_starting_at_six_tenths_of_a_second_show_the_next_second_at_four_tenths_the_same_and_stay_contiguous_in_every_guide()
    {
        await using var harness = await PlayoutServiceTests.SeededAsync();
        await harness.ApplyAsync(("c.yaml", Yamls.Sitcoms("2", "Classic")));
        await ReplaceTimelineAsync(harness, "2", ("Alpha", Six), ("Bravo", Six.AddSeconds(600.6)), ("Charlie", Six.AddSeconds(1200.4)), ("Delta", Six.AddMinutes(30)), (null, Six.AddHours(1)));
        string[] expected = ["Alpha 06:00:00-06:10:01", "Bravo 06:10:01-06:20:00", "Charlie 06:20:00-06:30:00", "Delta 06:30:00-07:00:00"];

        await using var web = await IptvWebHost.StartAsync(harness.ConnectionString, harness.Clock);
        var tv = XDocument.Parse(await web.Client.GetStringAsync("/iptv/xmltv.xml")).Root!;
        var xmltv = tv.Elements("programme")
            .Select(p => $"{p.Element("title")!.Value} {Clock((string)p.Attribute("start")!)}-{Clock((string)p.Attribute("stop")!)}")
            .ToList();

        var view = await harness.Timeline.ProgrammesAsync(ChannelNumber.Parse("2"), Six, TimeSpan.FromHours(1), CancellationToken.None);
        var api = view.Programmes.Select(p => $"{p.Title} {p.Start:HH:mm:ss}-{p.Stop:HH:mm:ss}").ToList();

        var grid = await harness.Get<GuideGrid>().LoadAsync(Six, TimeSpan.FromHours(1), CancellationToken.None);
        var admin = grid.Channels.Single().Programmes.Select(p => $"{p.Title} {p.Start:HH:mm:ss}-{p.Stop:HH:mm:ss}").ToList();

        var cli = new CliRunner(harness.ConnectionString);
        var shown = await cli.RunAsync("playout", "show", "2", "--at", "2025-01-06T06:00:00Z", "--hours", "1");
        var json = await cli.RunAsync("playout", "show", "2", "--at", "2025-01-06T06:00:00Z", "--hours", "1", "--json");

        Assert.Equal(expected, xmltv);
        Assert.Equal(expected, api);
        Assert.Equal(expected, admin);
        Assert.True(shown.ExitCode == 0, shown.StandardError);
        Assert.Matches(new Regex(@"06:00:00\W+06:10:01\W+10:01\W+Alpha"), shown.StandardOutput);
        Assert.Matches(new Regex(@"06:10:01\W+06:20:00\W+9:59\W+Bravo"), shown.StandardOutput);
        Assert.Matches(new Regex(@"06:20:00\W+06:30:00\W+10:00\W+Charlie"), shown.StandardOutput);
        using var document = JsonDocument.Parse(json.StandardOutput);
        var programmes = document.RootElement.GetProperty("programmes").EnumerateArray().ToList();
        Assert.Equal(
            expected,
            programmes.Select(p => $"{p.GetProperty("title").GetString()} {p.GetProperty("start").GetDateTimeOffset():HH:mm:ss}-{p.GetProperty("stop").GetDateTimeOffset():HH:mm:ss}"));

        // The entries under a programme keep the timeline's exact instants: they are what plays, not what the guide shows.
        Assert.Equal(Six.AddSeconds(600.6), programmes[1].GetProperty("items")[0].GetProperty("start").GetDateTimeOffset());
    }

    private static string Clock(string xmltvTime) => $"{xmltvTime[8..10]}:{xmltvTime[10..12]}:{xmltvTime[12..14]}";

    /// <summary>Swaps the channel's built timeline for programmes (one slate entry each) starting at the given instants; the last instant only ends the one before.</summary>
    private static Task ReplaceTimelineAsync(ChannelHarness harness, string number, params (string? Title, DateTimeOffset Start)[] programmes) =>
        harness.QueryAsync(async db =>
        {
            var channel = ChannelNumber.Parse(number);
            var id = await db.Channels.Where(c => c.Number == channel).Select(c => c.Id).SingleAsync();
            await db.TimelineEntries.Where(e => e.ChannelId == id).ExecuteDeleteAsync();
            for (var i = 0; i + 1 < programmes.Length; i++)
            {
                var (title, start) = programmes[i];
                var end = programmes[i + 1].Start;
                var entry = new TimelineEntry
                {
                    InPoint = TimeSpan.Zero,
                    OutPoint = end - start,
                    Start = start,
                    End = end,
                    Kind = TimelineEntryKind.Slate,
                    GuideKey = start,
                    Programme = GuideProgramme.Slate(title!),
                };
                db.TimelineEntries.Add(StoredTimelineEntry.Of(id, entry, GuideDetails.None));
            }

            return await db.SaveChangesAsync();
        });
}
