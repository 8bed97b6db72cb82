using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using RetroVue.App.Streaming;

namespace RetroVue.Adapters.Streaming.Remote;

/// <summary>
/// Lets ffmpeg read a remote file without ever seeing its credentials: a small HTTP server on 127.0.0.1 (port
/// chosen by the system, started on first use) that serves each registered file at an unguessable URL and forwards
/// GET/HEAD with the Range header to the real location, adding the secret headers. The body streams through a
/// bounded buffer; when the upstream drops mid-body the relay asks again from the byte it reached, so ffmpeg sees
/// one unbroken answer. Upstream failures are recorded on the registration for the fault report.
/// </summary>
public sealed partial class RemoteMediaRelay(RemoteMediaClient upstream, ILogger<RemoteMediaRelay> logger) : IAsyncDisposable
{
    /// <summary>Consecutive upstream drops without progress before the relay gives up on a body.</summary>
    public const int MaxResumes = 3;

    private const int BufferSize = 64 * 1024;
    private const int MaxConnections = 64;
    private static readonly TimeSpan HeadTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(8);

    private readonly ConcurrentDictionary<string, RelayRegistration> _registrations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _slots = new(MaxConnections);
    private readonly Lock _gate = new();
    private TcpListener? _listener;
    private Task? _acceptLoop;
    private int _port;
    private bool _disposed;

    /// <summary>Files currently readable through the relay.</summary>
    public int Registrations => _registrations.Count;

    /// <summary>Makes <paramref name="media"/> readable at a fresh loopback URL until the registration is disposed.</summary>
    public RelayRegistration Register(RemoteMedia media)
    {
        var port = EnsureStarted();
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var registration = new RelayRegistration(id, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/{id}"), media, r => _registrations.TryRemove(r.Id, out _));
        _registrations[id] = registration;
        return registration;
    }

    /// <summary>A one-byte range request for the registered file, through the same upstream path ffmpeg's reads take; the fault is also recorded.</summary>
    public async Task<RemoteFault?> CheckAsync(RelayRegistration registration, CancellationToken cancellationToken)
    {
        var (fault, _) = await upstream.CheckAsync(registration.Media, cancellationToken);
        if (fault is not null)
        {
            registration.Record(fault);
        }

        return fault;
    }

    public async ValueTask DisposeAsync()
    {
        Task? acceptLoop;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            acceptLoop = _acceptLoop;
        }

        await _stop.CancelAsync();
        _listener?.Stop();
        if (acceptLoop is not null)
        {
            await acceptLoop;
        }

        await Task.WhenAll(_connections.Keys);
        _listener?.Dispose();
        _stop.Dispose();
    }

    private int EnsureStarted()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_listener is null)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                _port = ((IPEndPoint)listener.LocalEndpoint).Port;
                _listener = listener;
                _acceptLoop = AcceptAsync(listener, _stop.Token);
            }

            return _port;
        }
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException && cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                logger.LogDebug(e, "The remote media relay could not accept a connection");
                continue;
            }

            if (!_slots.Wait(0, CancellationToken.None))
            {
                // Far more readers than items can play at once: refuse rather than queue without bound.
                client.Dispose();
                continue;
            }

            var connection = ServeAsync(client, cancellationToken);
            _connections[connection] = 0;
            _ = connection.ContinueWith(
                done =>
                {
                    _connections.TryRemove(done, out _);
                    _slots.Release();
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        await Task.Yield();
        using (client)
        {
            try
            {
                client.NoDelay = true;
                var stream = client.GetStream();
                RelayRequestHead? head;
                using (var headLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    headLimit.CancelAfter(HeadTimeout);
                    head = await RelayRequestHead.ReadAsync(stream, headLimit.Token);
                }

                if (head is null)
                {
                    return;
                }

                await AnswerAsync(stream, head, cancellationToken);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The reader went away (ffmpeg seeks by closing and reopening) or the relay is stopping.
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "The remote media relay failed while answering a request");
            }
        }
    }

    private async Task AnswerAsync(Stream client, RelayRequestHead head, CancellationToken cancellationToken)
    {
        var method = head.Method switch
        {
            "GET" => HttpMethod.Get,
            "HEAD" => HttpMethod.Head,
            _ => null,
        };
        if (method is null)
        {
            await WriteStatusAsync(client, 405, "Method Not Allowed", cancellationToken);
            return;
        }

        if (!_registrations.TryGetValue(head.Target.TrimStart('/'), out var registration))
        {
            await WriteStatusAsync(client, 404, "Not Found", cancellationToken);
            return;
        }

        var range = head.Range is { } asked && SingleRange().IsMatch(asked) ? asked : null;
        var answer = await upstream.SendAsync(registration.Media, method, range, cancellationToken);
        if (answer.Response is not { } response)
        {
            if (answer.Fault is { } fault)
            {
                registration.Record(fault);
                await WriteStatusAsync(client, 502, "Bad Gateway", cancellationToken);
            }
            else
            {
                await WriteStatusAsync(client, answer.PassThroughStatus ?? 502, "Range Not Satisfiable", cancellationToken);
            }

            return;
        }

        using (response)
        {
            await WriteHeadAsync(client, response, cancellationToken);
            if (method == HttpMethod.Get)
            {
                await RelayBodyAsync(client, registration, response, cancellationToken);
            }
        }
    }

    /// <summary>Copies the body; on an upstream drop or early end asks again from the byte reached, a few times without progress at most.</summary>
    private async Task RelayBodyAsync(Stream client, RelayRegistration registration, HttpResponseMessage first, CancellationToken cancellationToken)
    {
        var (position, end) = RemoteMediaClient.RangeOf(first);
        var response = first;
        Stream? body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var failures = 0;
        var resuming = false;
        try
        {
            while (true)
            {
                var read = body is null ? -1 : await ReadUpstreamAsync(body, buffer, cancellationToken);
                if (read > 0)
                {
                    if (resuming)
                    {
                        resuming = false;
                        registration.ResumeEnded();
                    }

                    await client.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    position += read;
                    failures = 0;
                    continue;
                }

                if (read == 0 && (end is null || position > end))
                {
                    return;
                }

                if (++failures > MaxResumes)
                {
                    registration.Record(RemoteFault.Truncated(registration.Media.ServerName, position, end));
                    return;
                }

                if (!resuming)
                {
                    resuming = true;
                    registration.ResumeStarted();
                }

                if (body is not null)
                {
                    await body.DisposeAsync();
                    body = null;
                }

                if (!ReferenceEquals(response, first))
                {
                    response.Dispose();
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100 * failures), cancellationToken);
                var again = await upstream.SendAsync(registration.Media, HttpMethod.Get, $"bytes={position}-{(end is { } last ? last.ToString(CultureInfo.InvariantCulture) : string.Empty)}", cancellationToken);
                if (again.Response is not { } resumed)
                {
                    if (again.Fault is { Kind: RemoteFaultKind.Unreachable })
                    {
                        // The server answered moments ago: a broken connection counts as one more failed resume.
                        continue;
                    }

                    registration.Record(again.Fault ?? RemoteFault.Truncated(registration.Media.ServerName, position, end));
                    return;
                }

                response = resumed;
                if (RemoteMediaClient.RangeOf(resumed).Start != position)
                {
                    // A server that ignores the range would replay the file from the start: that is not a resume.
                    registration.Record(RemoteFault.Truncated(registration.Media.ServerName, position, end));
                    return;
                }

                body = await resumed.Content.ReadAsStreamAsync(cancellationToken);
                logger.LogDebug("Resumed {Server} {Url} at byte {Position}", registration.Media.ServerName, registration.Media.Url, position);
            }
        }
        finally
        {
            if (resuming)
            {
                registration.ResumeEnded();
            }

            ArrayPool<byte>.Shared.Return(buffer);
            if (body is not null)
            {
                await body.DisposeAsync();
            }

            if (!ReferenceEquals(response, first))
            {
                response.Dispose();
            }
        }
    }

    /// <summary>Bytes read, 0 at the body's end, -1 when the upstream dropped or went silent.</summary>
    private static async Task<int> ReadUpstreamAsync(Stream body, byte[] buffer, CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(IdleTimeout);
        try
        {
            return await body.ReadAsync(buffer.AsMemory(0, BufferSize), idle.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is IOException or HttpRequestException or OperationCanceledException or ObjectDisposedException)
        {
            return -1;
        }
    }

    private static Task WriteHeadAsync(Stream client, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {(int)response.StatusCode} {(response.StatusCode == HttpStatusCode.PartialContent ? "Partial Content" : "OK")}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Content-Type: {response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream"}\r\n");
        if (response.Content.Headers.ContentLength is { } length)
        {
            text.Append(CultureInfo.InvariantCulture, $"Content-Length: {length}\r\n");
        }

        if (response.Content.Headers.ContentRange is { } range)
        {
            text.Append(CultureInfo.InvariantCulture, $"Content-Range: {range}\r\n");
        }

        text.Append("Accept-Ranges: bytes\r\nConnection: close\r\n\r\n");
        return client.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()), cancellationToken).AsTask();
    }

    private static Task WriteStatusAsync(Stream client, int status, string reason, CancellationToken cancellationToken) =>
        client.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status.ToString(CultureInfo.InvariantCulture)} {reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), cancellationToken).AsTask();

    [GeneratedRegex(@"^bytes=\d*-\d*$", RegexOptions.CultureInvariant)]
    private static partial Regex SingleRange();
}
