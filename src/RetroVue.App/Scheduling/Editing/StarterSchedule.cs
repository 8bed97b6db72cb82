using System.Globalization;
using System.Text;
using RetroVue.Domain.Library;
using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Scheduling.Editing;

/// <summary>
/// The pools and layers a new channel starts with, drawn from the catalog: the show with the most playable
/// episodes in order all day, and movies in the evening when there are any. Meant to be edited, and valid as it is.
/// </summary>
public static class StarterSchedule
{
    private static readonly TimeOnly Evening = new(20, 0);

    public static string Body(CatalogSnapshot catalog, ChannelDefinition channel)
    {
        var playable = catalog.Items.Where(i => i.IsPlayable).ToList();
        var show = playable.Where(i => i.TitleKind == TitleKind.Show && i.EpisodeNumber is not null)
            .GroupBy(i => i.TitleName, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key)
            .FirstOrDefault();
        var hasMovies = playable.Any(i => i.TitleKind == TitleKind.Movie);
        var dayStart = channel.BroadcastDayStart.ToString("HH:mm", CultureInfo.InvariantCulture);
        var eveningBlock = hasMovies && show is not null && Evening != channel.BroadcastDayStart && Channel.IsOnGrid(Evening, channel.GridMinutes);

        var text = new StringBuilder();
        text.Append("\n# What the channel plays: pools of content, then day layers of blocks (see docs/schedules.md).\npools:\n");
        if (show is not null || !hasMovies)
        {
            text.Append("  - name: shows\n    series: [").Append(Quote(show ?? "Your Show")).Append("]\n");
        }

        if (hasMovies)
        {
            text.Append("  - name: movies\n    movies: true\n");
        }

        text.Append("layers:\n  - name: every day\n    days: all\n    blocks:\n");
        text.Append("      - at: \"").Append(dayStart).Append("\"\n");
        if (show is not null || !hasMovies)
        {
            text.Append("        kind: episodes\n        pool: shows\n        order: sequential\n");
        }
        else
        {
            text.Append("        kind: fill\n        pool: movies\n        order: shuffle\n");
        }

        if (eveningBlock)
        {
            text.Append("      - at: \"20:00\"\n        kind: marathon\n        pool: movies\n");
        }

        return text.ToString();
    }

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
