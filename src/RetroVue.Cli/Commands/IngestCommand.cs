using System.CommandLine;
using RetroVue.App.Ingest;
using RetroVue.App.Sources;
using RetroVue.Cli.Hosting;
using RetroVue.Cli.Output;

namespace RetroVue.Cli.Commands;

/// <summary>`retrovue ingest [source...]`: import and enrich.</summary>
public static class IngestCommand
{
    public static Command Build()
    {
        var sources = new Argument<string[]>("source")
        {
            Description = "The sources to ingest (default: all).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("ingest", "Import new and changed files from sources and probe them. Ctrl+C stops cleanly and keeps what was committed.")
        {
            sources,
            GlobalOptions.Json,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var output = parseResult.InvocationConfiguration.Output;
            var json = parseResult.GetValue(GlobalOptions.Json);
            var names = parseResult.GetValue(sources) is { Length: > 0 } given
                ? given
                : (await host.Get<SourceService>().ListAsync(cancellationToken)).Select(s => s.Name).ToArray();
            if (names.Length == 0)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync("No sources to ingest. Add one with 'retrovue source add filesystem NAME --path DIR' or 'retrovue source add plex NAME --url URL'.");
                return CommandErrors.Failure;
            }

            var summaries = new List<IngestSummary>();
            foreach (var name in names)
            {
                var display = new IngestProgressDisplay(json ? TextWriter.Null : output);
                try
                {
                    summaries.Add(await host.Get<IngestService>().IngestAsync(name, display, cancellationToken));
                }
                finally
                {
                    display.Finish();
                }

                if (!json)
                {
                    IngestProgressDisplay.WriteSummary(output, summaries[^1]);
                }
            }

            if (json)
            {
                await JsonOutput.WriteAsync(output, summaries);
            }

            return 0;
        });
        return command;
    }
}
