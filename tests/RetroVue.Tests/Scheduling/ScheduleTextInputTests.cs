using RetroVue.App.Scheduling;
using RetroVue.App.Scheduling.Yaml;

namespace RetroVue.Tests.Scheduling;

/// <summary>A channel document is text an operator gives too: control characters are refused with the line they are on.</summary>
public sealed class ScheduleTextInputTests
{
    private static string Document(string name) => $"""
        channel:
          number: "5"
          name: {name}
          time_zone: Europe/London
        pools:
          - name: taxi
            series: [Taxi]
        layers:
          - name: daily
            days: all
            blocks:
              - at: "06:00"
                kind: episodes
                pool: taxi
        """;

    private static ScheduleLoader Loader() => new(new SnapshotCatalogLookup(new CatalogBuilder().Show("Taxi", 1, 5, TimeSpan.FromMinutes(24)).Snapshot()));

    [Theory]
    [InlineData("\"Five\\0\"", "U+0000")]
    [InlineData("\"Five\\e[31m\"", "U+001B")]
    [InlineData("\"Five\\x9b2J\"", "U+009B")]
    public void A_channel_name_written_with_an_escape_for_a_control_character_is_refused_with_its_line(string name, string character)
    {
        var result = Loader().Load([new ScheduleSource("five.yaml", Document(name))]);

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors, e => e.Message.Contains(character, StringComparison.Ordinal));
        Assert.Equal(3, error.Line);
        Assert.Contains("control character", error.Message);
    }

    [Fact]
    public void A_raw_control_character_anywhere_in_the_file_is_refused_with_its_line_even_in_a_comment_while_tabs_and_line_breaks_pass()
    {
        var yaml = (Document("Five").Replace("pools:", "pools: # \u0001 stray", StringComparison.Ordinal) + "\n# a\tcomment\n").Replace("\n", "\r\n", StringComparison.Ordinal);

        var result = Loader().Load([new ScheduleSource("five.yaml", yaml)]);

        var error = Assert.Single(result.Errors);
        Assert.Equal(5, error.Line);
        Assert.Contains("control character (U+0001)", error.Message);
    }
}
