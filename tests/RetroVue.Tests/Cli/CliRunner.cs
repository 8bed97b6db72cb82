using RetroVue.Adapters.Processes;

namespace RetroVue.Tests.Cli;

/// <summary>Runs the real `retrovue` program as a child process against a test database.</summary>
public sealed class CliRunner(string connectionString)
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "rv-cli-" + Guid.NewGuid().ToString("N")[..8]);

    public async Task<ProcessResult> RunAsync(params string[] arguments)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "retrovue.dll");
        var environment = new Dictionary<string, string?>
        {
            ["RETROVUE_DB"] = connectionString,
            ["RETROVUE_DATA_DIR"] = DataDirectory,
        };
        return await ProcessRunner.RunAsync("dotnet", [cli, .. arguments], new ProcessOptions(TimeSpan.FromMinutes(3), Environment: environment), CancellationToken.None);
    }
}
