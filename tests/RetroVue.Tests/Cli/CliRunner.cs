using RetroVue.Adapters.Processes;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Cli;

/// <summary>Runs the real `retrovue` program as a child process against a test database.</summary>
public sealed class CliRunner(string connectionString)
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "rv-cli-" + Guid.NewGuid().ToString("N")[..8]);

    public Task<ProcessResult> RunAsync(params string[] arguments) => RunWithAsync(new Dictionary<string, string?>(), arguments);

    /// <summary>Runs with extra environment variables (a null value removes one the test process has).</summary>
    public async Task<ProcessResult> RunWithAsync(IReadOnlyDictionary<string, string?> extraEnvironment, params string[] arguments)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "retrovue.dll");
        var environment = new Dictionary<string, string?>(extraEnvironment)
        {
            ["RETROVUE_DB"] = connectionString,
            ["RETROVUE_DATA_DIR"] = DataDirectory,
        };

        // The fake Plex servers listen on 127.0.0.1, which the source address policy refuses unless told otherwise.
        environment.TryAdd("RETROVUE_Sources__AllowLoopback", "true");
        return await ProcessRunner.RunAsync("dotnet", [cli, .. arguments], new ProcessOptions(HangGuard.Process, Environment: environment), CancellationToken.None);
    }
}
