namespace RetroVue.Adapters.Streaming.Ts;

/// <summary>What one remuxed input packet turned into.</summary>
public readonly record struct RemuxResult(int Packets, bool StartsRandomAccess, long? Pcr);

/// <summary>
/// Writes a channel's single continuous transport stream from a succession of ffmpeg outputs ("items"):
/// packets keep their payload but move to fixed PIDs, get the channel's own continuity counters, and have
/// PTS/DTS/PCR shifted so each item's first frame lands on the PTS of its scheduled instant (or, without a schedule,
/// one frame after the previous item). An item is cut at its seam (the next item's instant); a hole in the audio
/// before an item is filled with silent AAC frames. The channel's PAT/PMT go out
/// before every keyframe and at least every 100 ms, the SDT every second. Works in place on spans: no allocation per packet.
/// </summary>
public sealed class ChannelMuxer
{
    /// <summary>Room a caller must give <see cref="Remux"/> for one input packet: PAT, PMT, SDT and the packet itself.</summary>
    public const int MaxPacketsPerInput = 4;

    private const long TablesInterval = 9_000;

    /// <summary>One AAC frame (1024 samples) at the channel's 48 kHz.</summary>
    private const long AacFrameTicks = 1_920;
    private const long SdtInterval = 90_000;
    private const long HalfRange = TsPacket.TimestampModulus / 2;

    /// <summary>Where the channel's clock starts: far enough from zero that nothing shifted can go negative.</summary>
    public const long ClockOrigin = 900_000;

    /// <summary>The longest audio hole filled with silence (10 s): a longer one is left to the player.</summary>
    private const long MaxSilenceTicks = 900_000;

    private readonly PsiTables _tables;
    private readonly long _frameTicks;
    private int _patCounter;
    private int _pmtCounter;
    private int _sdtCounter;
    private int _videoCounter;
    private int _audioCounter;
    private long? _lastTablesAt;
    private long? _lastSdtAt;

    private ItemHead? _item;
    private long _offset;
    private long? _itemFirstVideoPts;
    private bool _droppingAudio;
    private long _tablesClock;
    private long _itemStart;
    private long _seam = long.MaxValue;
    private bool _videoCut;
    private bool _audioCut;
    private long _silenceNext;
    private long _silenceUntil;

    private long? _maxVideoPts;
    private long? _lastVideoDts;
    private long? _maxAudioPts;
    private long? _lastPcr;

    public ChannelMuxer(string serviceName, double frameRate)
    {
        _tables = new PsiTables(serviceName);
        _frameTicks = (long)Math.Round(90_000 / frameRate);
    }

    /// <summary>The latest PCR written, in 90 kHz ticks on the channel's unwrapped clock.</summary>
    public long? LastPcr => _lastPcr;

    /// <summary>The PTS of the latest audio frame written, on the channel's unwrapped clock.</summary>
    public long? LastAudioPts => _maxAudioPts;

    /// <summary>
    /// How far into its segment the current item has been written, measured on video timestamps from where the item
    /// was placed (so a late start or a trimmed end counts against it).
    /// </summary>
    public TimeSpan ItemProgress => _itemFirstVideoPts is not null && _maxVideoPts is { } last && last + _frameTicks > _itemStart
        ? TimeSpan.FromSeconds((Math.Min(last + _frameTicks, _seam) - _itemStart) / 90_000.0)
        : TimeSpan.Zero;

    /// <summary>The current item has reached its seam on video (and audio, if it has any): the rest of it would be dropped.</summary>
    public bool PastSeam => _videoCut && (_item is not { AudioPid: >= 0 } || _audioCut);

    /// <summary>
    /// Starts the next item right after the previous one: its first frame follows the previous item's last frame by
    /// exactly one frame, and it is not cut. Audio the item starts with before that point (encoder priming) would
    /// overlap the previous item's audio: it is dropped.
    /// </summary>
    public void BeginItem(ItemHead head) =>
        BeginItem(head, _maxVideoPts is { } last ? last + _frameTicks : ClockOrigin, long.MaxValue);

    /// <summary>
    /// Starts the next item with its first frame at PTS <paramref name="placeAt"/> (its scheduled instant on the
    /// channel clock) and cuts it at <paramref name="seam"/> (the next item's instant): video stops at the first frame
    /// in decode order whose PTS reaches the seam (so what stays is decodable), audio at the first frame that would
    /// end past it. Decode time and PCR never go back: an item that cannot start on time (the previous one's decode
    /// order still runs) starts as soon after as they allow. A hole in the audio before the item is filled with silence
    /// (<see cref="WriteSilence"/>); the picture simply holds its last frame.
    /// </summary>
    public void BeginItem(ItemHead head, long placeAt, long seam)
    {
        _item = head;
        _itemFirstVideoPts = null;
        _droppingAudio = false;
        _videoCut = false;
        _audioCut = false;
        _itemStart = placeAt;
        _seam = seam;
        var offset = placeAt - head.FirstVideoPts;
        if (_lastVideoDts is { } lastDts)
        {
            offset = Math.Max(offset, lastDts + 1 - head.FirstVideoDts);
        }

        if (head.FirstPcr is { } firstPcr && _lastPcr is { } lastPcr)
        {
            offset = Math.Max(offset, lastPcr + 1 - firstPcr);
        }

        _offset = offset;
        _silenceNext = _silenceUntil = 0;
        if (_maxAudioPts is { } lastAudio)
        {
            var audioStart = (head.FirstAudioPts ?? head.FirstVideoPts) + offset;
            _silenceNext = lastAudio + AacFrameTicks;
            _silenceUntil = Math.Min(audioStart, _silenceNext + MaxSilenceTicks);
        }
    }

    /// <summary>
    /// Writes the silent audio frames that fill the hole before the current item, as many as fit in
    /// <paramref name="output"/> (one packet each); call until it returns 0, before the item's packets.
    /// </summary>
    public int WriteSilence(Span<byte> output)
    {
        var written = 0;
        while (_silenceNext + AacFrameTicks <= _silenceUntil && (written + 1) * TsPacket.Size <= output.Length)
        {
            SilentAac.WritePacket(output.Slice(written * TsPacket.Size, TsPacket.Size), PsiTables.AudioPid, Next(ref _audioCounter), _silenceNext);
            _maxAudioPts = _silenceNext;
            _silenceNext += AacFrameTicks;
            written++;
        }

        return written;
    }

    /// <summary>
    /// Rewrites one input packet of the current item into <paramref name="output"/> (at least
    /// <see cref="MaxPacketsPerInput"/> packets long). Packets of other PIDs (ffmpeg's own tables) are dropped.
    /// </summary>
    public RemuxResult Remux(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (_item is null)
        {
            throw new InvalidOperationException("BeginItem must be called before the item's packets are remuxed.");
        }

        var pid = TsPacket.Pid(input);
        bool video;
        if (pid == _item.VideoPid)
        {
            video = true;
        }
        else if (pid == _item.AudioPid)
        {
            video = false;
        }
        else
        {
            return default;
        }

        if (video ? CutsVideo(input) : DropsAudio(input))
        {
            return default;
        }

        long? pcr = null;
        if (video && TsPacket.HasPcr(input))
        {
            pcr = Shift(TsPacket.PcrBase(input), _item.FirstPcr ?? _item.FirstVideoDts);
        }

        var keyframe = video && TsPacket.PayloadUnitStart(input) && (TsPacket.RandomAccess(input) || TsPacket.StartsH264Keyframe(input));
        var written = 0;
        if (keyframe || _lastTablesAt is null || _tablesClock - _lastTablesAt.Value >= TablesInterval)
        {
            written += WriteTables(output, _tablesClock);
        }

        var packet = output.Slice(written * TsPacket.Size, TsPacket.Size);
        input[..TsPacket.Size].CopyTo(packet);
        TsPacket.SetPid(packet, video ? PsiTables.VideoPid : PsiTables.AudioPid);
        if (TsPacket.HasPayload(packet))
        {
            TsPacket.SetContinuityCounter(packet, video ? Next(ref _videoCounter) : Next(ref _audioCounter));
        }
        else
        {
            // A packet without payload repeats the previous counter (13818-1 2.4.3.3).
            TsPacket.SetContinuityCounter(packet, (video ? _videoCounter : _audioCounter) - 1);
        }

        if (pcr is { } newPcr)
        {
            TsPacket.SetPcrBase(packet, newPcr);
            _lastPcr = newPcr;
            _tablesClock = Math.Max(_tablesClock, newPcr);
        }

        RewriteTimestamps(packet, video);
        written++;
        return new RemuxResult(written, keyframe, pcr);
    }

    private void RewriteTimestamps(Span<byte> packet, bool video)
    {
        var at = TsPacket.PtsOffset(packet, out var hasDts);
        if (at < 0)
        {
            return;
        }

        var reference = video ? _item!.FirstVideoPts : _item!.FirstAudioPts ?? _item.FirstVideoPts;
        var pts = Shift(TsPacket.ReadTimestamp(packet[at..]), reference);
        TsPacket.WriteTimestamp(packet[at..], pts);
        if (!video)
        {
            _maxAudioPts = Math.Max(_maxAudioPts ?? long.MinValue, pts);
            _tablesClock = Math.Max(_tablesClock, pts);
            return;
        }

        var dts = pts;
        if (hasDts)
        {
            dts = Shift(TsPacket.ReadTimestamp(packet[(at + 5)..]), _item.FirstVideoDts);
            TsPacket.WriteTimestamp(packet[(at + 5)..], dts);
        }

        _itemFirstVideoPts ??= pts;
        _tablesClock = Math.Max(_tablesClock, dts);
        _maxVideoPts = Math.Max(_maxVideoPts ?? long.MinValue, pts);
        _lastVideoDts = dts;
    }

    /// <summary>
    /// True from the first video frame (in decode order) that reaches the seam, or comes within half a frame of it (it
    /// would show for a sliver before the next item's first picture, which players and decoders working on a 1/fps grid
    /// take as two frames at one instant): that frame and all after it.
    /// </summary>
    private bool CutsVideo(ReadOnlySpan<byte> input)
    {
        if (!_videoCut && TsPacket.PayloadUnitStart(input) && TsPacket.PtsOffset(input, out _) is var at and >= 0
            && Shift(TsPacket.ReadTimestamp(input[at..]), _item!.FirstVideoPts) + (_frameTicks / 2) > _seam)
        {
            _videoCut = true;
        }

        return _videoCut;
    }

    /// <summary>
    /// True for the packets of an audio frame that would start before the channel's last audio frame ends, or end past
    /// the seam: the decision is made at each frame's first packet and holds for its continuation packets.
    /// </summary>
    private bool DropsAudio(ReadOnlySpan<byte> input)
    {
        if (_audioCut)
        {
            return true;
        }

        if (TsPacket.PayloadUnitStart(input))
        {
            var at = TsPacket.PtsOffset(input, out _);
            var pts = at >= 0 ? Shift(TsPacket.ReadTimestamp(input[at..]), _item!.FirstAudioPts ?? _item.FirstVideoPts) : (long?)null;
            if (pts + AacFrameTicks > _seam)
            {
                _audioCut = true;
                return true;
            }

            _droppingAudio = pts is { } start && _maxAudioPts is { } last && start < last + AacFrameTicks;
        }

        return _droppingAudio;
    }

    /// <summary>Adds the item's offset to a 33-bit input timestamp, unwrapping it around the item's first value.</summary>
    private long Shift(long raw, long reference)
    {
        var delta = raw - reference;
        if (delta < -HalfRange)
        {
            delta += TsPacket.TimestampModulus;
        }
        else if (delta > HalfRange)
        {
            delta -= TsPacket.TimestampModulus;
        }

        return reference + delta + _offset;
    }

    /// <summary>Returns the counter and advances it within its 4 bits.</summary>
    private static int Next(ref int counter)
    {
        var value = counter;
        counter = (counter + 1) & 0x0F;
        return value;
    }

    private int WriteTables(Span<byte> output, long clock)
    {
        _tables.WritePat(output, Next(ref _patCounter));
        _tables.WritePmt(output[TsPacket.Size..], Next(ref _pmtCounter));
        _lastTablesAt = clock;
        if (_lastSdtAt is null || clock - _lastSdtAt.Value >= SdtInterval)
        {
            _tables.WriteSdt(output[(2 * TsPacket.Size)..], Next(ref _sdtCounter));
            _lastSdtAt = clock;
            return 3;
        }

        return 2;
    }
}
