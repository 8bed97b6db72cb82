using System.CommandLine;
using System.Globalization;
using RetroVue.App.Common;
using RetroVue.App.Scheduling;
using RetroVue.App.Scheduling.Yaml;
using RetroVue.Cli.Hosting;
using RetroVue.Cli.Output;
using RetroVue.Domain.Scheduling;

namespace RetroVue.Cli.Commands;

/// <summary>`retrovue channel ...`: channels as YAML schedule files (docs/schedules.md, docs/channels.md).</summary>
public static class ChannelCommands
{
    public static Command Build()
    {
        var channel = new Command("channel", "Channels and their schedules, declared in YAML files.");
        channel.Subcommands.Add(BuildApply());
        channel.Subcommands.Add(BuildExport());
        channel.Subcommands.Add(BuildList());
        channel.Subcommands.Add(BuildRemove());
        return channel;
    }

    public static ChannelNumber ParseNumber(string text) =>
        ChannelNumber.TryParse(text, out var number) ? number : throw new UserFacingException($"'{text}' is not a channel number: use e.g. 2 or 2.1.");

    public static async Task<IReadOnlyList<ScheduleSource>> ReadSourcesAsync(IEnumerable<string> files, CancellationToken cancellationToken)
    {
        var sources = new List<ScheduleSource>();
        foreach (var file in files)
        {
            try
            {
                sources.Add(new ScheduleSource(file, await File.ReadAllTextAsync(file, cancellationToken)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UserFacingException($"Cannot read {file}: {e.Message}", e);
            }
        }

        return sources;
    }

    private static Command BuildApply()
    {
        var files = new Argument<string[]>("file") { Description = "YAML schedule files; all are applied together or not at all.", Arity = ArgumentArity.OneOrMore };
        var apply = new Command(
            "apply",
            "Create or update channels from schedule files, then rebuild the timelines of the channels that changed from now on (the programme on air is kept). Any error in any file applies nothing.")
        {
            files, GlobalOptions.Json,
        };
        apply.SetAction(async (parseResult, cancellationToken) =>
        {
            var sources = await ReadSourcesAsync(parseResult.GetRequiredValue(files), cancellationToken);
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var published = await host.Get<ChannelPublisher>().ApplyFilesAsync(sources, cancellationToken);
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(GlobalOptions.Json))
            {
                await JsonOutput.WriteAsync(output, published.Select(AppliedChannelJson.Of).ToList());
            }
            else
            {
                foreach (var channel in published)
                {
                    await output.WriteLineAsync(Describe(channel));
                }
            }

            // The schedules are stored either way; a failed build is retried by the server's hourly extension job.
            return published.Any(p => p.Build?.Action == PlayoutAction.Failed) ? CommandErrors.Failure : 0;
        });
        return apply;
    }

    private static string Describe(PublishedChannel published)
    {
        var (channel, build) = (published.Channel, published.Build);
        var applied = $"{channel.Outcome}: channel {channel.Number} '{channel.Name}' ({channel.Id}) from {channel.File}";
        return build switch
        {
            null => $"{applied}; its timeline is left as it is.",
            { Action: PlayoutAction.Failed } => $"{applied}; building its timeline failed: {build.Error} (the server retries every hour; or run 'retrovue playout build --channel {channel.Number}').",
            { Action: PlayoutAction.UpToDate } => $"{applied}; its timeline was already up to date (built until {Instant(build.BuiltUntil)}).",
            _ => string.Create(
                CultureInfo.InvariantCulture,
                $"{applied}; timeline {build.Action.ToString().ToLowerInvariant()} from {Instant(build.ReplacedFrom)}: {build.EntriesWritten} entries, built until {Instant(build.BuiltUntil)}.")
                + (build.Skipped > 0 ? $"\n  {build.Skipped} file(s) the schedule wanted could not be played; see 'retrovue review list'." : ""),
        };
    }

    private static string Instant(DateTimeOffset? instant) =>
        instant is { } i ? i.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";

    private static Command BuildExport()
    {
        var number = new Option<string?>("--channel") { Description = "Only this channel's document." };
        var file = new Option<string?>("--output", "-o") { Description = "Write to this file instead of the terminal." };
        var export = new Command("export", "Print the schedule documents as they were applied (comments included).") { number, file };
        export.SetAction(async (parseResult, cancellationToken) =>
        {
            var selected = parseResult.GetValue(number) is { } text ? ParseNumber(text) : (ChannelNumber?)null;
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var yaml = await host.Get<ChannelService>().ExportAsync(selected, cancellationToken);
            if (parseResult.GetValue(file) is { } path)
            {
                await File.WriteAllTextAsync(path, yaml, cancellationToken);
                await parseResult.InvocationConfiguration.Output.WriteLineAsync($"Wrote {path}.");
            }
            else
            {
                await parseResult.InvocationConfiguration.Output.WriteAsync(yaml);
            }

            return 0;
        });
        return export;
    }

    private static Command BuildList()
    {
        var list = new Command("list", "List channels.") { GlobalOptions.Json };
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var channels = await host.Get<ChannelService>().ListAsync(cancellationToken);
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(GlobalOptions.Json))
            {
                await JsonOutput.WriteAsync(output, channels);
                return 0;
            }

            TableOutput.Write(
                output,
                ["NUMBER", "NAME", "ID", "GROUP", "TIME ZONE", "ENABLED", "BUILT UNTIL"],
                channels.Select(c => (IReadOnlyList<string?>)
                [
                    c.Number, c.Name, c.Id, c.Group, c.TimeZone, c.Enabled ? "yes" : "no",
                    (c.BuiltUntil is { } until ? until.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) : "not built") + (c.RebuildPending ? " (rebuild pending)" : ""),
                ]),
                "No channels yet: write a schedule file (docs/schedules.md) and run 'retrovue channel apply FILE'.");
            return 0;
        });
        return list;
    }

    private static Command BuildRemove()
    {
        var number = new Argument<string>("number") { Description = "The channel's number." };
        var remove = new Command("remove", "Remove a channel with its schedule and timeline.") { number, GlobalOptions.Json };
        remove.SetAction(async (parseResult, cancellationToken) =>
        {
            var selected = ParseNumber(parseResult.GetRequiredValue(number));
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var removed = await host.Get<ChannelService>().RemoveAsync(selected, cancellationToken);
            if (parseResult.GetValue(GlobalOptions.Json))
            {
                await JsonOutput.WriteAsync(parseResult.InvocationConfiguration.Output, removed);
            }
            else
            {
                await parseResult.InvocationConfiguration.Output.WriteLineAsync($"Removed channel {removed.Number} '{removed.Name}' ({removed.Id}).");
            }

            return 0;
        });
        return remove;
    }
}
