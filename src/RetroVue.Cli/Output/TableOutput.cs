using Spectre.Console;
using Spectre.Console.Rendering;

namespace RetroVue.Cli.Output;

/// <summary>
/// Tables for people. Rendered through Spectre.Console into the command's output writer; every cell is escaped with
/// <see cref="TerminalText"/>, as file names and titles come from outside.
/// </summary>
public static class TableOutput
{
    public static IAnsiConsole ConsoleFor(TextWriter output) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(output),
        Ansi = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
    });

    public static void Write(TextWriter output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows, string emptyMessage)
    {
        var list = rows.ToList();
        if (list.Count == 0)
        {
            output.WriteLine(emptyMessage);
            return;
        }

        var table = new Table().Border(TableBorder.Simple);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(Markup.Escape(TerminalText.Escape(header))));
        }

        foreach (var row in list)
        {
            table.AddRow(row.Select(cell => (IRenderable)new Text(TerminalText.Escape(cell))).ToArray());
        }

        var console = ConsoleFor(output);
        console.Profile.Width = Math.Max(console.Profile.Width, 160);
        console.Write(table);
    }
}
