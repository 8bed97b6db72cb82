using System.CommandLine;
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
        var source = new Command("source", "Add, list and remove media sources.");
        source.Subcommands.Add(BuildAdd());
        source.Subcommands.Add(BuildList());
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
                ["NAME", "KIND", "LOCATION", "FILES", "READY", "RETIRED", "REVIEW"],
                sources.Select(s => (IReadOnlyList<string?>)
                [
                    s.Name, s.Kind, s.Settings.GetValueOrDefault("path") ?? s.Settings.GetValueOrDefault("url"),
                    s.Assets.ToString(), s.ReadyAssets.ToString(), s.RetiredAssets.ToString(), s.PendingReview.ToString(),
                ]),
                "No sources yet. Add one with 'retrovue source add filesystem NAME --path DIR'.");
            return 0;
        });
        return list;
    }

    private static Command BuildRemove()
    {
        var name = new Argument<string>("name") { Description = "The source to remove." };
        var force = new Option<bool>("--force") { Description = "Also remove its files from the catalog when it has some." };
        var remove = new Command("remove", "Remove a source.") { name, force };
        remove.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var sourceName = parseResult.GetRequiredValue(name);
            var removedAssets = await host.Get<SourceService>().RemoveAsync(sourceName, parseResult.GetValue(force), cancellationToken);
            await parseResult.InvocationConfiguration.Output.WriteLineAsync($"Removed source '{sourceName}' and {removedAssets} files from the catalog.");
            return 0;
        });
        return remove;
    }
}
