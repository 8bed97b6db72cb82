using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace RetroVue.Adapters.Streaming.Tuner;

/// <summary>
/// The receive-and-answer loop of a UDP discovery responder. A failed receive or reply (an ICMP "port unreachable"
/// from a client that has gone, a full send buffer) is logged and the loop goes on: one bad peer must never stop
/// discovery, let alone the server, which is what an exception escaping a background service would do. An answer
/// that cannot be made (the IPTV settings unreadable while the database is down) is logged and skipped the same way.
/// </summary>
public static class UdpAnswerLoop
{
    /// <param name="answer">The replies to one datagram from a sender; empty when it gets none.</param>
    public static async Task RunAsync(
        Socket socket,
        int maxDatagram,
        Func<ReadOnlyMemory<byte>, IPEndPoint, CancellationToken, Task<IReadOnlyList<byte[]>>> answer,
        ILogger logger,
        string protocol,
        CancellationToken stoppingToken)
    {
        var buffer = new byte[maxDatagram];
        while (!stoppingToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException e)
            {
                logger.LogDebug("{Protocol} receive failed: {Problem}", protocol, e.Message);
                continue;
            }

            var sender = (IPEndPoint)received.RemoteEndPoint;
            IReadOnlyList<byte[]> replies;
            try
            {
                replies = await answer(buffer.AsMemory(0, received.ReceivedBytes), sender, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("{Protocol} could not answer {Sender}: {Problem}", protocol, sender, e.Message);
                continue;
            }

            foreach (var reply in replies)
            {
                try
                {
                    await socket.SendToAsync(reply, SocketFlags.None, sender, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (SocketException e)
                {
                    logger.LogDebug("{Protocol} reply to {Sender} failed: {Problem}", protocol, sender, e.Message);
                }
            }
        }
    }
}
