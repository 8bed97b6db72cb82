using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using RetroVue.Adapters.Streaming.Tuner;
using RetroVue.Tests.Plex.Support;

namespace RetroVue.Tests.Streaming;

public sealed class UdpAnswerLoopTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_answer_that_cannot_be_made_is_logged_as_a_warning_and_the_next_request_is_answered()
    {
        using var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(logs));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var stop = new CancellationTokenSource();
        var calls = 0;
        var loop = UdpAnswerLoop.RunAsync(
            socket,
            64,
            (datagram, _, _) => Interlocked.Increment(ref calls) == 1
                ? throw new InvalidOperationException("the IPTV settings cannot be read")
                : Task.FromResult<IReadOnlyList<byte[]>>([datagram.ToArray()]),
            loggerFactory.CreateLogger("test"),
            "Test discovery",
            stop.Token);
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        await client.SendAsync("first"u8.ToArray(), (IPEndPoint)socket.LocalEndPoint!);
        await client.SendAsync("second"u8.ToArray(), (IPEndPoint)socket.LocalEndPoint!);
        var echoed = (await client.ReceiveAsync().WaitAsync(Patience)).Buffer;
        await stop.CancelAsync();
        await loop.WaitAsync(Patience);

        Assert.Equal("second"u8.ToArray(), echoed);
        Assert.Contains(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("Test discovery could not answer", StringComparison.Ordinal) && line.Contains("the IPTV settings cannot be read", StringComparison.Ordinal));
    }
}
