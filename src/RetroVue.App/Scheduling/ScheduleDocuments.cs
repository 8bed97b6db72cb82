namespace RetroVue.App.Scheduling;

/// <summary>
/// Cuts a schedule file into the text of each YAML document, so that every channel keeps the text it was
/// written as (comments included) for export. Separators are the '---' and '...' lines at column 0.
/// </summary>
public static class ScheduleDocuments
{
    /// <returns>One text per document, or null when the file does not split into <paramref name="expected"/> documents.</returns>
    public static IReadOnlyList<string>? Split(string text, int expected)
    {
        var documents = new List<string>();
        var current = new List<string>();
        var pendingComments = new List<string>();
        foreach (var line in text.ReplaceLineEndings("\n").Split('\n'))
        {
            if (IsMarker(line, "---") || IsMarker(line, "..."))
            {
                Close(current, pendingComments, documents);
                continue;
            }

            current.Add(line);
        }

        Close(current, pendingComments, documents);
        return documents.Count == expected ? documents : null;
    }

    /// <summary>Joins documents into one multi-document file.</summary>
    public static string Join(IEnumerable<string> documents) =>
        string.Join("---\n", documents.Select(d => d.EndsWith('\n') ? d : d + "\n"));

    private static void Close(List<string> current, List<string> pendingComments, List<string> documents)
    {
        // Comments above a separator usually introduce the next document, so they travel with it.
        if (current.All(IsBlankOrComment))
        {
            pendingComments.AddRange(current.Where(l => l.Trim().Length > 0));
        }
        else
        {
            var lines = pendingComments.Concat(TrimTrailingBlank(current));
            documents.Add(string.Join('\n', lines) + "\n");
            pendingComments.Clear();
        }

        current.Clear();
    }

    private static IEnumerable<string> TrimTrailingBlank(List<string> lines)
    {
        var count = lines.Count;
        while (count > 0 && lines[count - 1].Trim().Length == 0)
        {
            count--;
        }

        return lines.Take(count);
    }

    private static bool IsBlankOrComment(string line)
    {
        var trimmed = line.TrimStart();
        return trimmed.Length == 0 || trimmed.StartsWith('#') || trimmed.StartsWith('%');
    }

    private static bool IsMarker(string line, string marker) =>
        line.StartsWith(marker, StringComparison.Ordinal)
        && (line.Length == marker.Length || line[marker.Length] is ' ' or '\t' or '#');
}
