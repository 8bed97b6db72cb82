using System.Net;
using System.Net.Sockets;
using RetroVue.Adapters.Sources;
using RetroVue.App.Streaming;

namespace RetroVue.Adapters.Streaming.Remote;

/// <summary>An upstream answer: a response with a body to read (200 or 206), or why there is none.</summary>
public sealed record UpstreamAnswer(HttpResponseMessage? Response, RemoteFault? Fault, int? PassThroughStatus = null);

/// <summary>
/// Sends GET/HEAD requests for a remote file with its secret headers. Redirects are never followed automatically:
/// one to the same server is followed by hand (a few hops), one to another host is refused so the token never
/// leaves for it. Nothing here logs; HttpClient's own logging is not attached to this client.
/// </summary>
public sealed class RemoteMediaClient(SourceConnectionGuard guard) : IDisposable
{
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(15);
    private const int MaxRedirects = 3;

    // The source address policy applies to the relay as to every other connection to a source server.
    private readonly HttpClient _http = new(guard.NewHandler())
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>Asks for <paramref name="range"/> ("bytes=10-") of the file; the caller disposes the response.</summary>
    public async Task<UpstreamAnswer> SendAsync(RemoteMedia media, HttpMethod method, string? range, CancellationToken cancellationToken)
    {
        var url = media.Url;
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(method, url);
            foreach (var (name, value) in media.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            if (range is not null)
            {
                request.Headers.TryAddWithoutValidation("Range", range);
            }

            HttpResponseMessage response;
            using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                limit.CancelAfter(AnswerTimeout);
                try
                {
                    response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return new UpstreamAnswer(null, RemoteFault.Unreachable(media.ServerName, $"no answer within {AnswerTimeout.TotalSeconds:0} s"));
                }
                catch (HttpRequestException e)
                {
                    return new UpstreamAnswer(null, RemoteFault.Unreachable(media.ServerName, Reason(e)));
                }
            }

            var status = (int)response.StatusCode;
            if (status is 200 or 206)
            {
                return new UpstreamAnswer(response, null);
            }

            var location = response.Headers.Location;
            response.Dispose();
            if (status is >= 300 and < 400 && location is not null)
            {
                var target = location.IsAbsoluteUri ? location : new Uri(url, location);
                if (!SameServer(target, media.Url))
                {
                    return new UpstreamAnswer(null, RemoteFault.Redirected(media.ServerName, target.Host));
                }

                if (hop < MaxRedirects)
                {
                    url = target;
                    continue;
                }
            }

            // Asking past the end (a demuxer probing the tail) is the client's business, not a fault of the file.
            return status == 416
                ? new UpstreamAnswer(null, null, PassThroughStatus: 416)
                : new UpstreamAnswer(null, RemoteFault.ForStatus(media.ServerName, status));
        }
    }

    /// <summary>
    /// A one-byte range request: null when the file answers it (206, or 200 from a server without ranges), else the fault.
    /// </summary>
    public async Task<(RemoteFault? Fault, bool Ranges)> CheckAsync(RemoteMedia media, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(media, HttpMethod.Get, "bytes=0-0", cancellationToken);
        using var response = answer.Response;
        return (answer.Fault, response?.StatusCode == HttpStatusCode.PartialContent);
    }

    public void Dispose() => _http.Dispose();

    public static bool SameServer(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    public static (long Start, long? End) RangeOf(HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange is { From: { } from } contentRange)
        {
            return (from, contentRange.To);
        }

        return (0, response.Content.Headers.ContentLength is { } length ? length - 1 : null);
    }

    private static string Reason(HttpRequestException e) =>
        e.InnerException is SourceAddressRefusedException refused ? refused.Message
        : e.InnerException is SocketException socket ? socket.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.HostNotFound or SocketError.NoData => "host not found",
            SocketError.TimedOut => "connection timed out",
            SocketError.NetworkUnreachable or SocketError.HostUnreachable => "no route to the host",
            _ => socket.SocketErrorCode.ToString(),
        }
        : e.HttpRequestError switch
        {
            HttpRequestError.ConnectionError => "the connection failed",
            HttpRequestError.NameResolutionError => "host not found",
            HttpRequestError.SecureConnectionError => "the TLS handshake failed",
            _ => "the request failed",
        };
}

