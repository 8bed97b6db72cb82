using RetroVue.App.Guide;

namespace RetroVue.Web.Admin.Pages.Guide;

/// <summary>The accessible label and tooltip of a guide cell: each programme it stands for, with its times.</summary>
public static class GuideLabels
{
    /// <summary>A cell of many short items would otherwise carry a tooltip of thousands of characters.</summary>
    public const int MaxListed = 8;

    public static string Describe(IReadOnlyList<GridProgramme> programmes, Func<DateTimeOffset, string> clock)
    {
        var listed = programmes.Take(MaxListed).Select(p =>
            $"{p.Title}{(Format.EpisodeCode(p.Season, p.Episode) is { } code ? $" {code}" : null)}{(p.SubTitle is null ? null : $" – {p.SubTitle}")}, {clock(p.Start)} to {clock(p.Stop)}");
        var text = string.Join("; ", listed);
        return programmes.Count > MaxListed ? $"{text}; and {programmes.Count - MaxListed} more until {clock(programmes[^1].Stop)}" : text;
    }
}
