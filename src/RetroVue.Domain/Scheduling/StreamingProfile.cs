using RetroVue.Domain.Common;

namespace RetroVue.Domain.Scheduling;

public enum TranscodeMode
{
    /// <summary>Copy the streams when the file already matches the profile, transcode otherwise.</summary>
    Auto = 0,
    Always = 1,
}

/// <summary>What a channel's stream looks like to viewers; the streaming layer normalizes every item to it.</summary>
public sealed record StreamingProfile
{
    public StreamingProfile(int width, int height, double frameRate, int videoBitRateKbps, int audioBitRateKbps, TranscodeMode transcode)
    {
        if (width is < 16 or > 7680 || height is < 16 or > 4320 || width % 2 != 0 || height % 2 != 0)
        {
            throw new DomainException($"{width}x{height} is not a usable resolution: use even sizes from 16x16 to 7680x4320.");
        }

        if (!double.IsFinite(frameRate) || frameRate is < 1 or > 120)
        {
            throw new DomainException($"{frameRate} is not a usable frame rate: use 1 to 120.");
        }

        if (videoBitRateKbps is < 100 or > 100_000 || audioBitRateKbps is < 32 or > 1_024)
        {
            throw new DomainException($"Bit rates {videoBitRateKbps}/{audioBitRateKbps} kbps are out of range: video 100-100000, audio 32-1024.");
        }

        Width = width;
        Height = height;
        FrameRate = frameRate;
        VideoBitRateKbps = videoBitRateKbps;
        AudioBitRateKbps = audioBitRateKbps;
        Transcode = transcode;
    }

    public static StreamingProfile Default { get; } = new(1280, 720, 29.97, 4000, 192, TranscodeMode.Auto);

    public int Width { get; }
    public int Height { get; }
    public double FrameRate { get; }
    public int VideoBitRateKbps { get; }
    public int AudioBitRateKbps { get; }
    public TranscodeMode Transcode { get; }
}
