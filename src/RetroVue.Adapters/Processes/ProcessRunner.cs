using System.Diagnostics;
using System.Text;

namespace RetroVue.Adapters.Processes;

/// <summary>The outcome of a finished child process.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>How a child is started: a time limit, a working folder, extra environment variables.</summary>
public sealed record ProcessOptions(
    TimeSpan? Timeout = null,
    string? WorkingDirectory = null,
    IReadOnlyDictionary<string, string?>? Environment = null);

/// <summary>The child did not finish within its time limit and was killed.</summary>
public sealed class ProcessTimeoutException(string fileName, TimeSpan timeout)
    : Exception($"{Path.GetFileName(fileName)} did not finish within {timeout.TotalSeconds:0.#} s and was stopped.");

/// <summary>
/// Starts a program, collects its output with a size cap, and always reaps it: on timeout and on
/// cancellation the whole process tree is killed and awaited before the call returns.
/// </summary>
public static class ProcessRunner
{
    /// <summary>Output beyond this many characters per stream is dropped, so a chatty child cannot exhaust memory.</summary>
    public const int MaxCapturedChars = 16 * 1024 * 1024;

    public static Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(fileName, arguments, new ProcessOptions(timeout), cancellationToken);

    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        ProcessOptions options,
        CancellationToken cancellationToken)
    {
        var (timeout, workingDirectory, environment) = options;
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (workingDirectory is not null)
        {
            startInfo.WorkingDirectory = workingDirectory;
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                startInfo.Environment[key] = value;
            }
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new FileNotFoundException($"Cannot start '{fileName}': {e.Message}", fileName, e);
        }

        process.StandardInput.Close();
        var stdout = ReadCappedAsync(process.StandardOutput);
        var stderr = ReadCappedAsync(process.StandardError);

        using var timeoutSource = timeout is { } limit ? new CancellationTokenSource(limit) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            await process.WaitForExitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            await process.WaitForExitAsync(CancellationToken.None);
            await Task.WhenAll(stdout, stderr);
            cancellationToken.ThrowIfCancellationRequested();
            throw new ProcessTimeoutException(fileName, timeout!.Value);
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    public static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    private static async Task<string> ReadCappedAsync(StreamReader reader)
    {
        var builder = new StringBuilder();
        var buffer = new char[8192];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            var room = MaxCapturedChars - builder.Length;
            if (room > 0)
            {
                builder.Append(buffer, 0, Math.Min(room, read));
            }
        }

        return builder.ToString();
    }
}
