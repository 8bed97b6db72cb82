using System.CommandLine;
using System.Globalization;
using RetroVue.App.Common;
using RetroVue.App.Scheduling;
using RetroVue.Cli.Hosting;
using RetroVue.Cli.Output;
using RetroVue.Domain.Scheduling;

namespace RetroVue.Cli.Commands;

/// <summary>`retrovue playout ...`: build channel timelines and look at them.</summary>
public static class PlayoutCommands
{
    public static Command Build()
    {
        var playout = new Command("playout", "Channel timelines: what plays when.");
        playout.Subcommands.Add(BuildBuild());
        playout.Subcommands.Add(BuildShow());
        return playout;
    }

    public static async Task WriteResultsAsync(TextWriter output, IReadOnlyList<PlayoutResult> results)
    {
        foreach (var r in results)
        {
            var until = r.BuiltUntil is { } u ? u.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) : "-";
            var line = r.Action switch
            {
                PlayoutAction.Failed => $"channel {r.Number()}: failed: {r.Error}",
                PlayoutAction.UpToDate => $"channel {r.Number()}: up to date (built until {until}).",
                _ => string.Create(CultureInfo.InvariantCulture, $"channel {r.Number()}: {r.Action.ToString().ToLowerInvariant()}, {r.EntriesWritten} entries, built until {until}."),
            };
            await output.WriteLineAsync(line);
            if (r.Skipped > 0)
            {
                await output.WriteLineAsync($"  {r.Skipped} file(s) the schedule wanted could not be played; see 'retrovue review list'.");
            }
        }
    }

    private static string Number(this PlayoutResult result) => $"{result.Channel} '{result.Name}'";

    private static Command BuildBuild()
    {
        var channel = new Option<string?>("--channel") { Description = "Only this channel (default: every enabled channel)." };
        var days = new Option<double?>("--days") { Description = "Build this many days ahead of now (default Playout:HorizonDays, 7)." };
        var reset = new Option<bool>("--reset") { Description = "Discard the stored timeline and start again from now." };
        var build = new Command("build", "Build or extend timelines to the horizon; after a schedule change, rebuild the future from the programme on air.")
        {
            channel, days, reset, GlobalOptions.Json,
        };
        build.SetAction(async (parseResult, cancellationToken) =>
        {
            var number = parseResult.GetValue(channel) is { } text ? ChannelCommands.ParseNumber(text) : (ChannelNumber?)null;
            var horizon = parseResult.GetValue(days) is { } d ? TimeSpan.FromDays(d) : (TimeSpan?)null;
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var results = await host.Get<PlayoutService>().BuildAsync(new PlayoutRequest(number, horizon, parseResult.GetValue(reset)), cancellationToken);
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(GlobalOptions.Json))
            {
                await JsonOutput.WriteAsync(output, results);
            }
            else if (results.Count == 0)
            {
                await output.WriteLineAsync("No enabled channels: apply a schedule file with 'retrovue channel apply FILE'.");
            }
            else
            {
                await WriteResultsAsync(output, results);
            }

            return results.Any(r => r.Action == PlayoutAction.Failed) ? CommandErrors.Failure : 0;
        });
        return build;
    }

    private static Command BuildShow()
    {
        var channel = new Argument<string>("channel") { Description = "The channel's number." };
        var at = new Option<string?>("--at") { Description = "Start here instead of now: an ISO 8601 instant, or a local time in the channel's zone (\"2025-01-06 18:00\")." };
        var hours = new Option<double>("--hours") { Description = "How many hours to show (default 6).", DefaultValueFactory = _ => 6 };
        var show = new Command("show", "Show a channel's programmes in its own time zone.") { channel, at, hours, GlobalOptions.Json };
        show.SetAction(async (parseResult, cancellationToken) =>
        {
            var number = ChannelCommands.ParseNumber(parseResult.GetRequiredValue(channel));
            var length = parseResult.GetValue(hours);
            if (length is <= 0 or > 24 * 31)
            {
                throw new UserFacingException("--hours must be more than 0 and at most 744 (a month).");
            }

            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var channels = await host.Get<ChannelService>().ListAsync(cancellationToken);
            var info = channels.FirstOrDefault(c => c.Number == number.ToString())
                ?? throw new NotFoundException($"There is no channel {number} (see 'retrovue channel list').");
            var zone = ChannelTimeZone.Find(info.TimeZone);
            var from = parseResult.GetValue(at) is { } text ? ParseInstant(text, zone) : (DateTimeOffset?)null;
            var view = await host.Get<TimelineQueries>().ProgrammesAsync(number, from, TimeSpan.FromHours(length), cancellationToken);
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(GlobalOptions.Json))
            {
                await JsonOutput.WriteAsync(output, view);
                return 0;
            }

            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"Channel {view.Channel} '{view.Name}' ({view.TimeZone}), {Local(view.From, zone):ddd yyyy-MM-dd HH:mm} for {length:0.##} h:"));
            DateOnly? lastDate = null;
            var rows = new List<IReadOnlyList<string?>>();
            foreach (var p in view.Programmes)
            {
                var start = Local(p.Start, zone);
                var date = DateOnly.FromDateTime(start.DateTime);
                var startText = lastDate == date ? start.ToString("HH:mm:ss", CultureInfo.InvariantCulture) : start.ToString("ddd MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                lastDate = date;
                rows.Add(
                [
                    startText,
                    Local(p.Stop, zone).ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                    Length(p.Stop - p.Start),
                    p.Title + (p.IsMovie ? " (movie)" : ""),
                    Episode(p),
                    p.FillerSeconds > 0 ? Length(TimeSpan.FromSeconds(p.FillerSeconds)) : "",
                ]);
            }

            TableOutput.Write(output, ["START", "END", "LENGTH", "PROGRAMME", "EPISODE", "FILLER"], rows, "Nothing is scheduled then: run 'retrovue playout build'.");
            return 0;
        });
        return show;
    }

    private static DateTimeOffset ParseInstant(string text, TimeZoneInfo zone)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset)
            && (text.EndsWith('Z') || text.Contains('+', StringComparison.Ordinal) || text.LastIndexOf('-') > 9))
        {
            return withOffset.ToUniversalTime();
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(zone.IsInvalidTime(unspecified) ? unspecified.AddHours(1) : unspecified, zone), TimeSpan.Zero);
        }

        throw new UserFacingException($"'{text}' is not a time: use e.g. \"2025-01-06 18:00\" (channel time) or 2025-01-06T23:00:00Z.");
    }

    private static DateTimeOffset Local(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone);

    private static string Length(TimeSpan span) =>
        span.TotalHours >= 1 ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : span.ToString(@"m\:ss", CultureInfo.InvariantCulture);

    private static string Episode(ProgrammeView p)
    {
        var number = p.Season is { } s && p.Episode is { } e ? string.Create(CultureInfo.InvariantCulture, $"S{s:00}E{e:00}") : null;
        return string.Join(" ", new[] { number, p.SubTitle }.Where(x => !string.IsNullOrEmpty(x)));
    }
}
