using System.CommandLine;
using RetroVue.Cli.Commands;
using RetroVue.Cli.Hosting;
using RetroVue.Cli.Output;
using RetroVue.Domain.Common;

namespace RetroVue.Cli;

/// <summary>The `retrovue` command tree.</summary>
public static class RetroVueCli
{
    public static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("RetroVue: turn a media library into 24/7 TV channels.");
        root.Options.Add(GlobalOptions.DataDirectory);
        root.Options.Add(GlobalOptions.Verbose);
        root.Subcommands.Add(DbCommands.Build());
        root.Subcommands.Add(SourceCommands.Build());
        root.Subcommands.Add(IngestCommand.Build());
        root.Subcommands.Add(LibraryCommands.Build());
        root.Subcommands.Add(ReviewCommands.Build());
        root.Subcommands.Add(ChannelCommands.Build());
        root.Subcommands.Add(CollectionCommands.Build());
        root.Subcommands.Add(PlayoutCommands.Build());
        root.Subcommands.Add(ApiKeyCommands.Build());
        root.Subcommands.Add(ServeCommand.Build());
        root.Subcommands.Add(DemoCommand.Build());
        return root;
    }

    /// <summary>
    /// The printable-text rule for every option and argument, checked once before parsing: no command takes a control
    /// character (an escape sequence pasted into a name, a line break in a search), so none reaches a service or a table.
    /// </summary>
    private static string? RefusedArgument(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (PrintableText.IndexOfRefused(args[i], TextShape.SingleLine) is var refused and >= 0)
            {
                return PrintableText.Problem($"Argument {i + 1} ('{TerminalText.Escape(args[i])}')", args[i], refused);
            }
        }

        return null;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        if (RefusedArgument(args) is { } problem)
        {
            await (error ?? Console.Error).WriteLineAsync($"error: {problem}");
            return CommandErrors.Failure;
        }

        var root = BuildRootCommand();
        var parseResult = root.Parse(args);
        var configuration = new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = false,

            // Ctrl+C cancels the command; give it time to commit what it has and stop the embedded database.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
        };
        return await CommandErrors.InvokeAsync(parseResult, configuration);
    }
}
