using System.Diagnostics;
using RetroVue.Adapters.Processes;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Cli;

/// <summary>
/// The real `retrovue serve` program as a child process over a test database, on a loopback port the system picks;
/// its address is read from the server's own announcement. Stopping it kills its whole process tree (its ffmpegs too).
/// </summary>
public sealed class RetroVueServer : IAsyncDisposable
{
    private const string Announcement = "RetroVue is on the air at ";
    private const int KeptLines = 500;
    private static readonly TimeSpan StartLimit = HangGuard.ServerStart;

    private readonly Process _process;
    private readonly string _dataDirectory;
    private readonly Queue<string> _log = new();
    private readonly TaskCompletionSource<string> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task[] _readers;

    private RetroVueServer(ProcessStartInfo startInfo)
    {
        _dataDirectory = startInfo.Environment["RETROVUE_DATA_DIR"]!;
        _process = Process.Start(startInfo)!;
        _readers = [ReadAsync(_process.StandardOutput), ReadAsync(_process.StandardError)];
    }

    public string BaseUrl { get; private set; } = "";

    /// <summary>The server's data folder (device id, keys); deleted when the server is disposed.</summary>
    public string DataDirectory => _dataDirectory;

    /// <summary>The server's last lines of output, for failure messages and log checks.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return string.Join('\n', _log);
            }
        }
    }

    /// <summary>The server's process id (in a private network namespace, the namespace's too: see <see cref="PrivateNetwork"/>).</summary>
    public int ProcessId => _process.Id;

    /// <param name="settings">Configuration keys ("Streaming:GraceSeconds") and values, passed as RETROVUE_ environment variables.</param>
    /// <param name="privateNetwork">Runs the server in a network namespace of its own, where fixed ports are free; its HTTP port is then reachable only from inside.</param>
    public static async Task<RetroVueServer> StartAsync(string database, IReadOnlyDictionary<string, string> settings, bool privateNetwork = false)
    {
        var startInfo = ServeTests.ServeStartInfo(database, port: 0);
        foreach (var (key, value) in settings)
        {
            startInfo.Environment["RETROVUE_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        if (privateNetwork)
        {
            PrivateNetwork.Wrap(startInfo);
        }

        var server = new RetroVueServer(startInfo);
        var exited = server._process.WaitForExitAsync();
        var first = await Task.WhenAny(server._address.Task, exited, Task.Delay(StartLimit));
        if (first != server._address.Task)
        {
            var log = server.Log;
            await server.DisposeAsync();
            throw new InvalidOperationException($"retrovue serve did not announce its address ({(first == exited ? "it exited" : "timed out")}):\n{log}");
        }

        server.BaseUrl = (await server._address.Task).TrimEnd('/').Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        ProcessRunner.KillTree(_process);
        await _process.WaitForExitAsync();
        await Task.WhenAll(_readers);
        _process.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file the killed server still had open; the temp folder is cleaned up by the system.
        }
    }

    private async Task ReadAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_log)
            {
                _log.Enqueue(line);
                if (_log.Count > KeptLines)
                {
                    _log.Dequeue();
                }
            }

            var at = line.IndexOf(Announcement, StringComparison.Ordinal);
            if (at >= 0)
            {
                _address.TrySetResult(line[(at + Announcement.Length)..].Trim());
            }
        }
    }
}
