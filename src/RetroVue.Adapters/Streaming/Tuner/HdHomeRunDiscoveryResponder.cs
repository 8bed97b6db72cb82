using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetroVue.App.Common;

namespace RetroVue.Adapters.Streaming.Tuner;

/// <summary>
/// Answers the HDHomeRun discovery protocol (UDP 65001, usually a broadcast) that Jellyfin's tuner detection and
/// HDHomeRun apps send, with the tuner's id, tuner count, base URL and lineup URL. Anything else that arrives is
/// ignored without an answer: a tuner must never reply to what it does not understand.
/// </summary>
public sealed class HdHomeRunDiscoveryResponder(
    IOptions<TunerOptions> options,
    DeviceIdentity identity,
    TunerBaseUrl baseUrl,
    ILogger<HdHomeRunDiscoveryResponder> logger)
    : BackgroundService
{
    private readonly TaskCompletionSource<IPEndPoint> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _ignored;

    /// <summary>Where the responder listens, once it does (tests send their requests here).</summary>
    public Task<IPEndPoint> Bound => _bound.Task;

    /// <summary>How many datagrams got no answer (malformed, bad CRC, not a discover request, or for another device).</summary>
    public long IgnoredPackets => Interlocked.Read(ref _ignored);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.HdHomeRunDiscoveryEnabled)
        {
            _bound.TrySetCanceled(stoppingToken);
            return;
        }

        try
        {
            if (!identity.HasValidCheckDigit)
            {
                logger.LogWarning(
                    "The tuner id {DeviceId} lacks the HDHomeRun check digit, so HDHomeRun apps may ignore the tuner. Delete {Path} to get a valid id (Plex then sees a new tuner and its channel mappings must be redone).",
                    identity.DeviceId,
                    identity.FilePath);
            }
        }
        catch (UserFacingException e)
        {
            logger.LogWarning("HDHomeRun discovery is off: {Problem}", e.Message);
            _bound.TrySetException(e);
            return;
        }

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // No SO_REUSEADDR: a second listener on the port would silently steal the requests, so a clash must show.
            var address = string.IsNullOrWhiteSpace(settings.HdHomeRunDiscoveryBindAddress) ? IPAddress.Any : IPAddress.Parse(settings.HdHomeRunDiscoveryBindAddress);
            socket.Bind(new IPEndPoint(address, settings.HdHomeRunDiscoveryPort));
        }
        catch (Exception e) when (e is SocketException or FormatException)
        {
            logger.LogWarning(
                "HDHomeRun discovery is off: cannot listen on UDP {Port} ({Problem}); another HDHomeRun emulator or HDHomeRun app may hold the port. Set Tuner:HdHomeRunDiscoveryEnabled=false to silence this; clients can still add the tuner by address.",
                settings.HdHomeRunDiscoveryPort,
                e.Message);
            _bound.TrySetException(e);
            return;
        }

        _bound.TrySetResult((IPEndPoint)socket.LocalEndPoint!);

        // One byte more than the largest frame, so an oversized datagram shows as one instead of being cut to fit.
        await UdpAnswerLoop.RunAsync(
            socket,
            HdHomeRunPacket.MaxLength + 1,
            async (datagram, sender, cancellationToken) => await ReplyAsync(datagram, sender, cancellationToken) is { } reply ? [reply] : [],
            logger,
            "HDHomeRun discovery",
            stoppingToken);
    }

    /// <summary>The reply frame to one datagram, or null when it gets none.</summary>
    public async Task<byte[]?> ReplyAsync(ReadOnlyMemory<byte> datagram, IPEndPoint sender, CancellationToken cancellationToken)
    {
        var request = HdHomeRunPacket.TryParse(datagram.Span, out var problem);
        var reason = request switch
        {
            null => problem,
            { Type: not HdHomeRunPacket.DiscoverRequest } => $"packet type 0x{request.Type:X4} is not a discover request",
            _ when !AsksForATuner(request) => "it asks for another device type",
            _ when !AsksForThisDevice(request) => "it asks for another device id",
            _ => null,
        };
        var url = reason is null ? await baseUrl.FacingAsync(sender, cancellationToken) : null;
        if (url is null)
        {
            var count = Interlocked.Increment(ref _ignored);
            logger.LogDebug("Ignored an HDHomeRun discovery datagram from {Sender}: {Reason} ({Count} ignored so far).", sender, reason ?? "the HTTP port is not known yet", count);
            return null;
        }

        var tunerCount = (byte)Math.Clamp(options.Value.TunerCount, 1, byte.MaxValue);
        return new HdHomeRunPacket(
            HdHomeRunPacket.DiscoverReply,
            [
                HdHomeRunPacket.UInt32Tag(HdHomeRunPacket.TagDeviceType, HdHomeRunPacket.DeviceTypeTuner),
                HdHomeRunPacket.UInt32Tag(HdHomeRunPacket.TagDeviceId, identity.Number),
                new HdHomeRunTag(HdHomeRunPacket.TagTunerCount, [tunerCount]),
                new HdHomeRunTag(HdHomeRunPacket.TagBaseUrl, Encoding.UTF8.GetBytes(url)),
                new HdHomeRunTag(HdHomeRunPacket.TagLineupUrl, Encoding.UTF8.GetBytes($"{url}/lineup.json")),
                new HdHomeRunTag(HdHomeRunPacket.TagDeviceAuth, Encoding.UTF8.GetBytes(DeviceIdentity.DeviceAuth)),
            ]).Encode();
    }

    /// <summary>A request without a type asks for any device; otherwise one of its types must be a tuner or the wildcard.</summary>
    private static bool AsksForATuner(HdHomeRunPacket request)
    {
        var values = request.Values(HdHomeRunPacket.TagDeviceType).Concat(request.Values(HdHomeRunPacket.TagMultiType)).ToList();
        return values.Count == 0 || values.SelectMany(UInt32s).Any(type => type is HdHomeRunPacket.DeviceTypeTuner or HdHomeRunPacket.Wildcard);
    }

    /// <summary>A request without an id asks for every device (newer clients leave the wildcard out).</summary>
    private bool AsksForThisDevice(HdHomeRunPacket request)
    {
        var values = request.Values(HdHomeRunPacket.TagDeviceId).ToList();
        return values.Count == 0 || values.Where(v => v.Length == 4).SelectMany(UInt32s).Any(id => id == HdHomeRunPacket.Wildcard || id == identity.Number);
    }

    /// <summary>A value read as big-endian 32-bit numbers; nothing when its length is not a multiple of 4.</summary>
    private static IEnumerable<uint> UInt32s(byte[] value) =>
        value.Length % 4 != 0 ? [] : value.Chunk(4).Select(chunk => BinaryPrimitives.ReadUInt32BigEndian(chunk));
}
