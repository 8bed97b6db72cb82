using System.CommandLine;
using System.Globalization;
using RetroVue.App.Collections;
using RetroVue.Cli.Hosting;
using RetroVue.Cli.Output;

namespace RetroVue.Cli.Commands;

/// <summary>`retrovue collection ...`: smart collections, saved catalog queries that schedules take as pools (docs/collections.md).</summary>
public static class CollectionCommands
{
    public static Command Build()
    {
        var collection = new Command("collection", "Smart collections: saved catalog queries that schedules use as pools ('collection: NAME').");
        collection.Subcommands.Add(BuildAdd());
        collection.Subcommands.Add(BuildList());
        collection.Subcommands.Add(BuildShow());
        collection.Subcommands.Add(BuildTest());
        collection.Subcommands.Add(BuildSet());
        collection.Subcommands.Add(BuildRemove());
        return collection;
    }

    private static Argument<string> NameArgument() => new("name") { Description = "The collection's name, a slug such as '80s-comedy'." };

    private static Option<string> QueryOption(bool required) => new("--query")
    {
        Description = "The query, e.g. 'genre in [Comedy] and year 1980..1989 and not tag kids' (docs/collections.md).",
        Required = required,
    };

    private static Option<int> PreviewOption() => new("--preview")
    {
        Description = $"How many matched items to show (0-{CollectionService.MaxPreviewSize}).",
        DefaultValueFactory = _ => CollectionService.DefaultPreviewSize,
    };

    private static Command BuildAdd()
    {
        var name = NameArgument();
        var query = QueryOption(required: true);
        var description = new Option<string>("--description") { Description = "What the collection is for (shown in lists)." };
        var add = new Command("add", "Save a query under a name; it is checked first.") { name, query, description, GlobalOptions.Json };
        add.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var added = await host.Get<CollectionService>().AddAsync(parseResult.GetRequiredValue(name), parseResult.GetRequiredValue(query), parseResult.GetValue(description), cancellationToken);
            if (parseResult.GetValue(GlobalOptions.Json))
            {
                await JsonOutput.WriteAsync(parseResult.InvocationConfiguration.Output, added);
                return 0;
            }

            await parseResult.InvocationConfiguration.Output.WriteLineAsync($"Added collection '{added.Name}': {added.Query}");
            return 0;
        });
        return add;
    }

    private static Command BuildList()
    {
        var list = new Command("list", "List the collections with their queries.") { GlobalOptions.Json };
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var collections = await host.Get<CollectionService>().ListAsync(cancellationToken);
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(GlobalOptions.Json))
            {
                await JsonOutput.WriteAsync(output, collections);
                return 0;
            }

            TableOutput.Write(
                output,
                ["NAME", "QUERY", "DESCRIPTION"],
                collections.Select(c => (IReadOnlyList<string?>)[c.Name, c.Query, c.Description]),
                "No collections yet. Add one with 'retrovue collection add NAME --query \"genre in [Comedy]\"'.");
            return 0;
        });
        return list;
    }

    private static Command BuildShow()
    {
        var name = NameArgument();
        var preview = PreviewOption();
        var show = new Command("show", "Show a collection: its query, how many playable items it matches now, the first of them and the channels using it.") { name, preview, GlobalOptions.Json };
        show.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var details = await host.Get<CollectionService>().ShowAsync(parseResult.GetRequiredValue(name), parseResult.GetValue(preview), cancellationToken);
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(GlobalOptions.Json))
            {
                await JsonOutput.WriteAsync(output, details);
                return 0;
            }

            await output.WriteLineAsync($"Collection:  {details.Collection.Name}");
            await output.WriteLineAsync($"Query:       {details.Collection.Query}");
            if (details.Collection.Description is { } text)
            {
                await output.WriteLineAsync($"Description: {text}");
            }

            await output.WriteLineAsync($"Used by:     {(details.UsedBy.Count == 0 ? "no channel" : string.Join(", ", details.UsedBy.Select(u => $"channel {u.Channel} (pool '{u.Pool}')")))}");
            await WritePreviewAsync(output, details.Preview);
            return 0;
        });
        return show;
    }

    private static Command BuildTest()
    {
        var query = QueryOption(required: true);
        var preview = PreviewOption();
        var test = new Command("test", "Count and preview what a query matches now, without saving it.") { query, preview, GlobalOptions.Json };
        test.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var result = await host.Get<CollectionService>().TestAsync(parseResult.GetRequiredValue(query), parseResult.GetValue(preview), cancellationToken);
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(GlobalOptions.Json))
            {
                await JsonOutput.WriteAsync(output, result);
                return 0;
            }

            await WritePreviewAsync(output, result);
            return 0;
        });
        return test;
    }

    private static Command BuildSet()
    {
        var name = NameArgument();
        var query = QueryOption(required: false);
        var description = new Option<string>("--description") { Description = "A new description; an empty one clears it." };
        var set = new Command("set", "Change a collection's query or description; channels using it rebuild their future at the next build.") { name, query, description, GlobalOptions.Json };
        set.SetAction(async (parseResult, cancellationToken) =>
        {
            var describe = parseResult.GetResult(description) is not null;
            if (parseResult.GetValue(query) is null && !describe)
            {
                throw new App.Common.UserFacingException("Give --query, --description or both.");
            }

            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var changed = await host.Get<CollectionService>().SetAsync(parseResult.GetRequiredValue(name), parseResult.GetValue(query), parseResult.GetValue(description), describe, cancellationToken);
            if (parseResult.GetValue(GlobalOptions.Json))
            {
                await JsonOutput.WriteAsync(parseResult.InvocationConfiguration.Output, changed);
                return 0;
            }

            await parseResult.InvocationConfiguration.Output.WriteLineAsync($"Collection '{changed.Name}' now reads: {changed.Query}");
            return 0;
        });
        return set;
    }

    private static Command BuildRemove()
    {
        var name = NameArgument();
        var remove = new Command("remove", "Remove a collection; refused while a channel's schedule uses it.") { name };
        remove.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var removed = await host.Get<CollectionService>().RemoveAsync(parseResult.GetRequiredValue(name), cancellationToken);
            await parseResult.InvocationConfiguration.Output.WriteLineAsync($"Removed collection '{removed.Name}'.");
            return 0;
        });
        return remove;
    }

    private static async Task WritePreviewAsync(TextWriter output, CollectionPreview preview)
    {
        var unavailable = preview.Unavailable > 0 ? $" ({preview.Unavailable} more matched but cannot play)" : string.Empty;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Matches:     {preview.Count} playable item{(preview.Count == 1 ? "" : "s")}{unavailable}"));
        if (preview.First.Count == 0)
        {
            return;
        }

        TableOutput.Write(
            output,
            ["TITLE", "KIND", "YEAR", "EPISODE", "LENGTH"],
            preview.First.Select(i => (IReadOnlyList<string?>)[
                i.Title,
                i.Kind,
                i.Year?.ToString(CultureInfo.InvariantCulture),
                i.Season is { } s && i.Episode is { } e ? string.Create(CultureInfo.InvariantCulture, $"S{s:00}E{e:00} {i.EpisodeTitle}").TrimEnd() : null,
                i.Duration.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)]),
            string.Empty);
    }
}
