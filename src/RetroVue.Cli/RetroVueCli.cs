using System.CommandLine;
using RetroVue.Cli.Commands;
using RetroVue.Cli.Hosting;

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
        root.Subcommands.Add(PlayoutCommands.Build());
        root.Subcommands.Add(ApiKeyCommands.Build());
        root.Subcommands.Add(ServeCommand.Build());
        root.Subcommands.Add(DemoCommand.Build());
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
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
