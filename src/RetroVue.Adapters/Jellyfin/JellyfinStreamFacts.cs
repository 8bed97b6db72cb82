using RetroVue.Adapters.Plex;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Jellyfin;

/// <summary>Stream facts from a listing's MediaStreams and RunTimeTicks, so files the server has analysed need no probe.</summary>
public static class JellyfinStreamFacts
{
    /// <summary>Null when the server knows neither a duration nor a video stream: the local prober has to read the file.</summary>
    public static ProbeResult? For(JellyfinMediaSource source)
    {
        var streams = source.MediaStreams ?? [];
        var video = streams.FirstOrDefault(s => s.Type == "Video");
        if (source.RunTimeTicks is not > 0 && video is null)
        {
            return null;
        }

        var facts = new List<MediaStream>();
        foreach (var stream in streams.Where(s => s.Type is "Video" or "Audio"))
        {
            var isVideo = stream.Type == "Video";
            facts.Add(new MediaStream
            {
                Index = stream.Index ?? facts.Count,
                Kind = isVideo ? StreamKind.Video : StreamKind.Audio,
                Codec = stream.Codec is { Length: > 0 } codec ? PlexStreamFacts.Codec(codec) : null,
                Profile = stream.Profile,
                Width = isVideo ? stream.Width : null,
                Height = isVideo ? stream.Height : null,
                FrameRate = isVideo ? stream.RealFrameRate ?? stream.AverageFrameRate : null,
                Channels = isVideo ? null : stream.Channels,
                Language = stream.Language,
                IsDefault = stream.IsDefault ?? false,
            });
        }

        return new ProbeResult
        {
            Container = source.Container,
            Duration = source.RunTimeTicks is > 0 ? TimeSpan.FromTicks(source.RunTimeTicks.Value) : null,
            BitRate = source.Bitrate is > 0 ? source.Bitrate : null,
            Streams = facts,
        };
    }
}
