using System.Globalization;
using System.Text;

namespace RetroVue.Tests.Streaming;

/// <summary>Channel documents for tests that stream from stored timelines.</summary>
public static class QuarterHourChannel
{
    /// <summary>A channel that plays the show's episodes back to back all day, in blocks of a quarter of an hour, at the small test profile.</summary>
    public static string Yaml(string number, string name, string show)
    {
        var yaml = new StringBuilder($"""
            channel:
              number: "{number}"
              name: {name}
              time_zone: UTC
              grid_minutes: 15
              streaming:
                width: 320
                height: 180
                frame_rate: 25
                video_bitrate_kbps: 400
                audio_bitrate_kbps: 64
            pools:
              - name: show
                series: [{show}]
            layers:
              - name: every day
                days: all
                blocks:

            """);
        for (var quarter = 0; quarter < 24 * 4; quarter++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"""
                      - at: "{quarter / 4:00}:{quarter % 4 * 15:00}"
                        kind: fill
                        pool: show
                        order: sequential

                """);
        }

        return yaml.ToString();
    }
}
