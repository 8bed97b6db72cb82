using RetroVue.App.Common;

namespace RetroVue.App.Scheduling.Editing;

/// <summary>
/// Swaps the top-level <c>channel:</c> section of a schedule document for a new one, leaving every other line
/// (pools, filler, layers and their comments) exactly as the operator wrote it.
/// </summary>
public static class ChannelSection
{
    public static string Replace(string document, string newSection)
    {
        var lines = document.ReplaceLineEndings("\n").Split('\n').ToList();
        var start = lines.FindIndex(l => l.StartsWith("channel:", StringComparison.Ordinal));
        if (start < 0)
        {
            throw new UserFacingException("The schedule has no top-level 'channel:' line to update; change the settings in the schedule editor instead.");
        }

        // The section runs over the indented lines that follow; comments and blank lines after its last indented
        // line belong to whatever comes next.
        var end = start;
        for (var i = start + 1; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (line[0] is not (' ' or '\t'))
            {
                break;
            }

            end = i;
        }

        var replacement = newSection.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        lines.RemoveRange(start, end - start + 1);
        lines.InsertRange(start, replacement);
        return string.Join('\n', lines);
    }
}
