using System.Globalization;

namespace RetroVue.App.Sources;

/// <summary>What removing a source did to the catalog and to the channels that played its files.</summary>
/// <param name="FilesRemoved">Its files, gone from the catalog with their markers, review items and provider ids.</param>
/// <param name="TitlesRemoved">Titles only this source had files for.</param>
/// <param name="SeasonsRemoved">Seasons left without episodes.</param>
/// <param name="EpisodesRemoved">Episodes left without a file from any source.</param>
/// <param name="RebuiltChannels">Channels whose future played the files, rebuilt from the programme on air on.</param>
/// <param name="RebuildFailures">Channels whose rebuild failed: they stay marked for rebuild, which the hourly extension job retries.</param>
public sealed record SourceRemoval(
    string Source,
    int FilesRemoved,
    int TitlesRemoved,
    int SeasonsRemoved,
    int EpisodesRemoved,
    IReadOnlyList<RebuiltChannel> RebuiltChannels,
    IReadOnlyList<FailedChannelRebuild> RebuildFailures)
{
    /// <summary>One or two lines for an operator (the CLI and the admin's flash message).</summary>
    public string Describe()
    {
        var text = $"Removed source '{Source}' and {FilesRemoved} file(s) from the catalog"
            + (TitlesRemoved + EpisodesRemoved > 0 ? $", with {TitlesRemoved} title(s) and {EpisodesRemoved} episode(s) no other source has" : "")
            + ".";
        if (RebuiltChannels.Count > 0)
        {
            text += " Rebuilt from now: " + string.Join(", ", RebuiltChannels.Select(c => string.Create(CultureInfo.InvariantCulture, $"channel {c.Number} from {c.RebuiltFrom.ToUniversalTime():yyyy-MM-dd HH:mm:ss'Z'}"))) + ".";
        }

        if (RebuildFailures.Count > 0)
        {
            text += "\nRebuilding failed (the server retries every hour): " + string.Join("; ", RebuildFailures.Select(f => $"channel {f.Number}: {f.Error}"));
        }

        return text;
    }
}

/// <param name="RebuiltFrom">The first instant written anew: the programme on air and the past were kept.</param>
public sealed record RebuiltChannel(string Number, string Name, DateTimeOffset RebuiltFrom);

public sealed record FailedChannelRebuild(string Number, string Name, string Error);
