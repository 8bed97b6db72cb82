namespace RetroVue.Adapters.Streaming.Ts;

/// <summary>
/// Gives one viewer's copy of the channel's packets continuity counters of its own. A viewer that joined through a
/// bridge received packets the shared stream never had, so from then on its counters differ from the shared ones;
/// restamping every packet keeps its stream free of continuity errors. Right after the join it can also drop shared
/// audio frames that would overlap the audio the bridge already gave.
/// </summary>
public sealed class ContinuityStamper
{
    private const int PidCount = 0x2000;
    private const int NullPid = 0x1FFF;

    private readonly byte[] _next = new byte[PidCount];
    private long? _audioFloor;
    private bool _droppingAudio;

    /// <summary>
    /// Drops shared audio frames starting before <paramref name="pts"/> (33-bit), until the first one at or after it;
    /// the tail of a frame whose start this viewer never got is dropped too.
    /// </summary>
    public void DropAudioBefore(long pts)
    {
        _audioFloor = pts;
        _droppingAudio = true;
    }

    /// <summary>Copies whole packets from <paramref name="input"/> to <paramref name="output"/> with this viewer's counters; returns the bytes written.</summary>
    public int Stamp(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var written = 0;
        for (var at = 0; at + TsPacket.Size <= input.Length; at += TsPacket.Size)
        {
            var packet = input.Slice(at, TsPacket.Size);
            var pid = TsPacket.Pid(packet);
            if (pid == PsiTables.AudioPid && DropsAudio(packet))
            {
                continue;
            }

            var copy = output.Slice(written, TsPacket.Size);
            packet.CopyTo(copy);
            written += TsPacket.Size;
            if (pid == NullPid)
            {
                continue;
            }

            if (TsPacket.HasPayload(copy))
            {
                TsPacket.SetContinuityCounter(copy, _next[pid]);
                _next[pid] = (byte)((_next[pid] + 1) & 0x0F);
            }
            else
            {
                // A packet without payload repeats the previous counter (13818-1 2.4.3.3).
                TsPacket.SetContinuityCounter(copy, _next[pid] - 1);
            }
        }

        return written;
    }

    private bool DropsAudio(ReadOnlySpan<byte> packet)
    {
        if (_audioFloor is not { } floor)
        {
            return false;
        }

        if (TsPacket.PayloadUnitStart(packet))
        {
            var at = TsPacket.PtsOffset(packet, out _);
            if (at >= 0 && !WrappingClock.IsBefore(TsPacket.ReadTimestamp(packet[at..]), floor))
            {
                // The first frame at or after the floor: the overlap is over for good.
                _audioFloor = null;
                _droppingAudio = false;
                return false;
            }

            _droppingAudio = true;
        }

        return _droppingAudio;
    }
}
