namespace RetroVue.Domain.Scheduling;

/// <summary>What the guide says about a programme beyond its titles: text the catalog holds for the episode or title.</summary>
/// <param name="Date">XMLTV date: the first air date (yyyyMMdd) of an episode, else the year of the title.</param>
/// <param name="ArtworkKey">The relative artwork key (<see cref="Library.ArtworkKey"/>), never a URL: hosts differ per request.</param>
public sealed record GuideDetails(string? Description, string? Date, string? Category, string? ArtworkKey)
{
    public static GuideDetails None { get; } = new(null, null, null, null);
}
