using System.Buffers;
using System.Diagnostics;
using RetroVue.Adapters.Streaming.Ffmpeg;
using RetroVue.Adapters.Streaming.Remote;
using RetroVue.Adapters.Streaming.Ts;

namespace RetroVue.Adapters.Streaming.Sessions;

/// <summary>ffmpeg produced nothing for longer than the watchdog allows.</summary>
public sealed class FeedStalledException(TimeSpan limit)
    : Exception($"ffmpeg produced no output for {limit.TotalSeconds:0.#} s and was stopped.");

/// <summary>
/// Reads one ffmpeg child's MPEG-TS output as whole, synced 188-byte packets from a pooled buffer. The head of the
/// output (PAT, PMT, first timestamps) is read ahead before the item is joined to the channel.
/// </summary>
public sealed class ItemFeed : IAsyncDisposable
{
    private const int ReadSize = 348 * TsPacket.Size;
    private const int MaxHeadBytes = 4 * 1024 * 1024;
    private static readonly TimeSpan RelaySettleCap = TimeSpan.FromSeconds(2);

    private readonly FfmpegProcess? _process;
    private readonly RelayRegistration? _remote;
    private readonly Stream _output;
    private readonly TimeSpan _stallLimit;
    private readonly TimeSpan _startLimit;
    private readonly Stopwatch _sinceStart = Stopwatch.StartNew();
    private readonly Stopwatch _waiting = new();
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _ended;

    private ItemFeed(FfmpegProcess? process, Stream output, TimeSpan stallLimit, TimeSpan startLimit, RelayRegistration? remote = null)
    {
        _process = process;
        _remote = remote;
        _output = output;
        _stallLimit = stallLimit;
        _startLimit = startLimit;
        _buffer = ArrayPool<byte>.Shared.Rent(ReadSize * 2);
    }

    /// <param name="stallLimit">Longest silence once the output flows (the watchdog): reads are only made when output is due.</param>
    /// <param name="startLimit">Time since the start the head may take (ffmpeg opening and probing its input).</param>
    /// <param name="remote">The relay URL ffmpeg reads a remote file from: withdrawn with the feed, and its upstream fault named in <see cref="FinishAsync"/>.</param>
    public static ItemFeed FromProcess(FfmpegProcess process, TimeSpan stallLimit, TimeSpan startLimit, RelayRegistration? remote = null) => new(process, process.Output, stallLimit, startLimit, remote);

    /// <summary>For tests: packets from any stream.</summary>
    public static ItemFeed FromStream(Stream output, TimeSpan stallLimit) => new(null, output, stallLimit, stallLimit);

    /// <summary>What the remote source did wrong while this feed read through the relay (refused, cut short...), if anything.</summary>
    public RemoteFault? UpstreamFault => _remote?.Fault;

    /// <summary>
    /// <see cref="UpstreamFault"/> once the relay has settled: a stall can be seen while the relay still retries a
    /// dropped connection, and its outcome names the real cause.
    /// </summary>
    public async Task<RemoteFault?> SettledUpstreamFaultAsync(TimeProvider time, CancellationToken cancellationToken) =>
        _remote is null ? null : await _remote.SettledFaultAsync(time, RelaySettleCap, cancellationToken);

    /// <summary>The ffmpeg's process id (0 for a stream), for diagnostics and fault tests.</summary>
    public int ProcessId => _process?.Id ?? 0;

    /// <summary>Time spent waiting for ffmpeg's output; with the content read, how much faster than real time ffmpeg is.</summary>
    public TimeSpan WaitTime => _waiting.Elapsed;

    /// <summary>Packets skipped because they did not start with the sync byte.</summary>
    public int SyncLosses { get; private set; }

    /// <summary>
    /// Reads until the item's PAT, PMT and first timestamps are known, keeping the bytes for <see cref="ReadAsync"/>.
    /// Null when the output ended (or grew too long) without a video timestamp: ffmpeg could not play the file.
    /// </summary>
    public async ValueTask<ItemHead?> ReadHeadAsync(CancellationToken cancellationToken)
    {
        var scanner = new ItemHeadScanner();
        var scanned = _start;
        while (!scanner.IsComplete)
        {
            for (; scanned + TsPacket.Size <= _end; scanned += TsPacket.Size)
            {
                if (_buffer[scanned] == TsPacket.SyncByte)
                {
                    scanner.Observe(_buffer.AsSpan(scanned, TsPacket.Size));
                }
            }

            if (scanner.IsComplete || _ended || _end - _start >= MaxHeadBytes)
            {
                break;
            }

            if (_buffer.Length - _end < ReadSize)
            {
                Grow();
            }

            // A prestarted feed has had its time already; a fresh one gets the rest of its start allowance.
            var left = _startLimit - _sinceStart.Elapsed;
            await FillAsync(left > _stallLimit ? left : _stallLimit, cancellationToken);
        }

        return scanner.Result;
    }

    /// <summary>
    /// The next run of whole packets, valid until the next call; empty when ffmpeg's output has ended.
    /// Throws <see cref="FeedStalledException"/> when ffmpeg stays silent beyond the watchdog's limit.
    /// </summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Resync();
            var whole = (_end - _start) / TsPacket.Size * TsPacket.Size;
            if (whole > 0)
            {
                var run = _buffer.AsMemory(_start, whole);
                _start += whole;
                return run;
            }

            if (_ended)
            {
                return ReadOnlyMemory<byte>.Empty;
            }

            Compact();
            await FillAsync(_stallLimit, cancellationToken);
        }
    }

    /// <summary>
    /// After the output ended: how ffmpeg exited and what it said on stderr. For a remote file, what went wrong
    /// upstream is the last line, since ffmpeg only sees the relay's side of it.
    /// </summary>
    public async Task<(int ExitCode, string Errors)> FinishAsync(CancellationToken cancellationToken)
    {
        var (exitCode, errors) = _process is null ? (0, string.Empty) : await _process.WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
        return _remote?.Fault is { } fault ? (exitCode, errors + "\n" + fault.Text) : (exitCode, errors);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _remote?.Dispose();

        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private async Task FillAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        watchdog.CancelAfter(limit);
        _waiting.Start();
        try
        {
            var room = Math.Min(ReadSize, _buffer.Length - _end);
            var read = await _output.ReadAsync(_buffer.AsMemory(_end, room), watchdog.Token);
            if (read == 0)
            {
                _ended = true;
            }

            _end += read;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FeedStalledException(limit);
        }
        finally
        {
            _waiting.Stop();
        }
    }

    /// <summary>Skips bytes up to the next position that looks like a packet start (sync byte, and another 188 bytes later).</summary>
    private void Resync()
    {
        while (_end - _start >= TsPacket.Size && _buffer[_start] != TsPacket.SyncByte)
        {
            SyncLosses++;
            var next = _start + 1;
            while (next < _end && !(_buffer[next] == TsPacket.SyncByte && (next + TsPacket.Size >= _end || _buffer[next + TsPacket.Size] == TsPacket.SyncByte)))
            {
                next++;
            }

            _start = next;
        }
    }

    private void Compact()
    {
        var remaining = _end - _start;
        if (_buffer.Length - _end >= ReadSize / 2)
        {
            return;
        }

        _buffer.AsSpan(_start, remaining).CopyTo(_buffer);
        _start = 0;
        _end = remaining;
    }

    private void Grow()
    {
        var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
        _buffer.AsSpan(0, _end).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
