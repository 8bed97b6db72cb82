using System.CommandLine;

namespace RetroVue.Cli.Hosting;

/// <summary>Options every command accepts.</summary>
public static class GlobalOptions
{
    public static readonly Option<string?> DataDirectory = new("--data-dir")
    {
        Description = "Where RetroVue keeps its data and embedded database (default: RETROVUE_DATA_DIR, else a per-user folder).",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Log details, and print stack traces with errors.",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Write machine-readable JSON (documented in docs/cli-json.md) instead of a table.",
    };
}
