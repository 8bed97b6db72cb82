using System.CommandLine;
using System.Globalization;
using RetroVue.Adapters.Plex;
using RetroVue.App.Common;
using RetroVue.App.Ingest;
using RetroVue.App.Sources;
using RetroVue.Cli.Hosting;
using RetroVue.Cli.Output;
using RetroVue.Domain.Library;

namespace RetroVue.Cli.Commands;

/// <summary>`retrovue source ...`: where titles come from.</summary>
public static class SourceCommands
{
    public static Command Build()
    {
        var source = new Command("source", "Add, list, test, sync and remove media sources.");
        source.Subcommands.Add(BuildAdd());
        source.Subcommands.Add(BuildList());
        source.Subcommands.Add(PlexSourceCommands.BuildTest());
        source.Subcommands.Add(SourceSetCommand.Build());
        source.Subcommands.Add(BuildSync());
        source.Subcommands.Add(BuildRemove());
        return source;
    }

    private static Command BuildAdd()
    {
        var add = new Command("add", "Register a media source.");
        var name = new Argument<string>("name") { Description = "A short name: letters, digits, '-', '_' or '.'." };
        var path = new Option<string>("--path") { Description = "The folder to import.", Required = true };
        var kind = new Option<string>("--kind")
        {
            Description = "What the folder holds: shows, movies or mixed (default).",
            DefaultValueFactory = _ => "mixed",
        };
        kind.AcceptOnlyFromAmong("shows", "movies", "mixed");

        var filesystem = new Command("filesystem", "A folder of shows and/or movies on this machine.") { name, path, kind };
        filesystem.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var contentKind = Enum.Parse<SourceContentKind>(parseResult.GetRequiredValue(kind), ignoreCase: true);
            var added = await host.Get<SourceService>().AddFilesystemAsync(parseResult.GetRequiredValue(name), parseResult.GetRequiredValue(path), contentKind, cancellationToken);
            await parseResult.InvocationConfiguration.Output.WriteLineAsync(
                $"Added filesystem source '{added.Name}' ({added.Settings["path"]}, {added.Settings["kind"]}). Run 'retrovue ingest {added.Name}' to import it.");
            return 0;
        });
        add.Subcommands.Add(filesystem);
        add.Subcommands.Add(PlexSourceCommands.BuildAdd());
        add.Subcommands.Add(JellyfinSourceCommands.BuildAdd(Adapters.Jellyfin.JellyfinFlavor.Jellyfin));
        add.Subcommands.Add(JellyfinSourceCommands.BuildAdd(Adapters.Jellyfin.JellyfinFlavor.Emby));
        return add;
    }

    private static Command BuildList()
    {
        var list = new Command("list", "List the sources with their file and review counts.") { GlobalOptions.Json };
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var sources = await host.Get<SourceService>().ListAsync(cancellationToken);
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(GlobalOptions.Json))
            {
                await JsonOutput.WriteAsync(output, sources);
                return 0;
            }

            TableOutput.Write(
                output,
                ["NAME", "KIND", "LOCATION", "FILES", "READY", "RETIRED", "REVIEW", "LAST SYNC", "OUTCOME"],
                sources.Select(s => (IReadOnlyList<string?>)
                [
                    s.Name, s.Kind, s.Settings.GetValueOrDefault("path") ?? s.Settings.GetValueOrDefault("url"),
                    s.Assets.ToString(CultureInfo.InvariantCulture), s.ReadyAssets.ToString(CultureInfo.InvariantCulture),
                    s.RetiredAssets.ToString(CultureInfo.InvariantCulture), s.PendingReview.ToString(CultureInfo.InvariantCulture),
                    s.LastSync is { } run ? $"{run.StartedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC {run.Mode}" : "never",
                    s.LastSync is { } last ? DescribeOutcome(last) : null,
                ]),
                "No sources yet. Add one with 'retrovue source add filesystem NAME --path DIR'.");
            return 0;
        });
        return list;
    }

    private static string DescribeOutcome(SyncRunView run)
    {
        var c = run.Counts;
        var counts = string.Create(CultureInfo.InvariantCulture, $"{c.Added} added, {c.Updated} updated, {c.Retired} retired");
        return run.Outcome switch
        {
            "succeeded" => $"succeeded: {counts}",
            "running" => "running",
            _ => $"{run.Outcome}: {counts}; {run.Error}",
        };
    }

    private static Command BuildSync()
    {
        var name = new Argument<string>("name") { Description = "The source to sync." };
        var full = new Option<bool>("--full") { Description = "List everything and retire what is gone (default: only what changed, unless a full reconcile is due)." };
        var sync = new Command("sync", "Sync one source now, in this process, with the same progress display as ingest. A sync of the source already running (on the server) is reported, not waited for.")
        {
            name, full, GlobalOptions.Json,
        };
        sync.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var output = parseResult.InvocationConfiguration.Output;
            var json = parseResult.GetValue(GlobalOptions.Json);
            var display = new IngestProgressDisplay(json ? TextWriter.Null : output);
            IngestSummary summary;
            try
            {
                var request = new IngestRequest(parseResult.GetValue(full) ? IngestMode.Full : IngestMode.Auto);
                summary = await host.Get<IngestService>().IngestAsync(parseResult.GetRequiredValue(name), request, display, cancellationToken);
            }
            finally
            {
                display.Finish();
            }

            if (json)
            {
                await JsonOutput.WriteAsync(output, summary);
            }
            else
            {
                IngestProgressDisplay.WriteSummary(output, summary);
            }

            return 0;
        });
        return sync;
    }

    private static Command BuildRemove()
    {
        var name = new Argument<string>("name") { Description = "The source to remove." };
        var force = new Option<bool>("--force") { Description = "Also remove its files from the catalog when it has some." };
        var remove = new Command(
            "remove",
            "Remove a source. With its files go the titles and episodes no other source has, and the channels that played them are rebuilt from now on.")
        {
            name, force, GlobalOptions.Json,
        };
        remove.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var removal = await host.Get<SourceService>().RemoveAsync(parseResult.GetRequiredValue(name), parseResult.GetValue(force), cancellationToken);
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(GlobalOptions.Json))
            {
                await JsonOutput.WriteAsync(output, removal);
            }
            else
            {
                await output.WriteLineAsync(TerminalText.Escape(removal.Describe()));
            }

            // The removal stands either way; as after 'channel apply', a failed rebuild is retried by the hourly job.
            return removal.RebuildFailures.Count > 0 ? CommandErrors.Failure : 0;
        });
        return remove;
    }
}
