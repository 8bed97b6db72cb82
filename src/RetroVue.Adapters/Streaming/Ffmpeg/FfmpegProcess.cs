using System.Diagnostics;
using System.Text;
using RetroVue.Adapters.Processes;

namespace RetroVue.Adapters.Streaming.Ffmpeg;

/// <summary>Counts the ffmpeg children the streaming engine has running, for stats and to prove none are left behind.</summary>
public sealed class FfmpegChildren
{
    private int _running;
    private long _started;

    public int Running => Volatile.Read(ref _running);

    public long Started => Interlocked.Read(ref _started);

    internal void OnStarted()
    {
        Interlocked.Increment(ref _running);
        Interlocked.Increment(ref _started);
    }

    internal void OnReaped() => Interlocked.Decrement(ref _running);
}

/// <summary>
/// One ffmpeg child writing MPEG-TS to stdout. Disposing kills it (whole tree) if it still runs and waits for it, so
/// every child is reaped whatever happened. Only the tail of stderr is kept, for the error message.
/// </summary>
public sealed class FfmpegProcess : IAsyncDisposable
{
    private const int ErrorTailChars = 2_000;

    private readonly Process _process;
    private readonly FfmpegChildren _children;
    private readonly Task<string> _errors;
    private int _disposed;

    private FfmpegProcess(Process process, FfmpegChildren children)
    {
        _process = process;
        _children = children;
        _errors = ReadTailAsync(process.StandardError);
    }

    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>ffmpeg's stdin, for a child started with <c>withInput</c>; closing it ends ffmpeg's input.</summary>
    public Stream Input => _process.StartInfo.RedirectStandardInput
        ? _process.StandardInput.BaseStream
        : throw new InvalidOperationException("This ffmpeg was started without an input pipe.");

    public int Id { get; private set; }

    /// <param name="withInput">Gives the child a stdin pipe (<see cref="Input"/>) instead of none.</param>
    public static FfmpegProcess Start(string ffmpegPath, IReadOnlyList<string> arguments, FfmpegChildren children, bool withInput = false)
    {
        var startInfo = new ProcessStartInfo(ffmpegPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = withInput,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new FileNotFoundException($"Cannot start '{ffmpegPath}': {e.Message}", ffmpegPath, e);
        }

        children.OnStarted();
        return new FfmpegProcess(process, children) { Id = process.Id };
    }

    /// <summary>Waits for the child to end on its own (its output was read to the end) and returns its exit code and stderr tail.</summary>
    public async Task<(int ExitCode, string Errors)> WaitAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            ProcessRunner.KillTree(_process);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        return (_process.ExitCode, (await _errors).Trim());
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        ProcessRunner.KillTree(_process);
        await _process.WaitForExitAsync(CancellationToken.None);
        await _errors;
        _process.Dispose();
        _children.OnReaped();
    }

    private static async Task<string> ReadTailAsync(StreamReader reader)
    {
        var tail = new StringBuilder();
        var buffer = new char[1024];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            tail.Append(buffer, 0, read);
            if (tail.Length > ErrorTailChars * 2)
            {
                tail.Remove(0, tail.Length - ErrorTailChars);
            }
        }

        return tail.Length > ErrorTailChars ? tail.ToString(tail.Length - ErrorTailChars, ErrorTailChars) : tail.ToString();
    }
}
