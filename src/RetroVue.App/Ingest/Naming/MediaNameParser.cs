using RetroVue.Domain.Library;

namespace RetroVue.App.Ingest.Naming;

/// <summary>
/// Reads what a file is from its path under the source root: "Show/Season 01/Show - S01E02 - Title.mkv"
/// is an episode, "Movie (1999)/Movie (1999).mkv" a movie. The source's content kind settles what the
/// name alone cannot: a shows source never yields movies, a movies source never yields episodes.
/// </summary>
public static class MediaNameParser
{
    /// <param name="relativePath">The file's path below the source root, folders separated by '/'.</param>
    public static MediaIdentity Parse(string relativePath, SourceContentKind kind)
    {
        var segments = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            return new UnmatchedIdentity("The path is empty, so there is no file name to read.");
        }

        var layout = new PathLayout(segments[..^1], segments[^1]);
        if (kind != SourceContentKind.Movies)
        {
            var marker = EpisodeMarkers.Find(layout.Stem, layout.SeasonFromFolder is not null);
            if (marker is not null)
            {
                return Episode(layout, marker);
            }

            if (kind == SourceContentKind.Shows)
            {
                return new UnmatchedIdentity(
                    $"'{layout.FileName}' has no episode marker such as S01E02 or 1x02, and this source holds only shows. "
                    + "Rename it like 'Show - S01E02 - Title' or put it in a season folder named like 'E02 - Title'.");
            }
        }

        return Movie(layout, kind);
    }

    private static MediaIdentity Episode(PathLayout layout, EpisodeMarker marker)
    {
        var fromFile = NameCleaner.Name(layout.Stem[..marker.Index], layout.Dotted);
        var show = ChooseShow(fromFile, layout);
        if (show is null)
        {
            return new UnmatchedIdentity(
                $"'{layout.FileName}' names an episode but no show: put it in a show folder (Show/Season 01/...) "
                + "or name it like 'Show - S01E02'.");
        }

        var title = NameCleaner.Title(layout.Stem[marker.End..], layout.Dotted);
        var season = marker.Season ?? layout.SeasonFromFolder ?? 0;
        return new EpisodeIdentity(show.Name, show.Year, season, marker.Episodes, title);
    }

    /// <summary>
    /// The show folder is trusted when the file sits in a season folder inside it. A folder directly above
    /// the file may just as well be a "Downloads" or "TV" folder, so there it is used only when the file
    /// name gives no show or spells the same one (the folder then adds punctuation and the year).
    /// </summary>
    private static CleanName? ChooseShow(CleanName fromFile, PathLayout layout)
    {
        var folder = layout.ShowFolder is null ? null : NameCleaner.Name(layout.ShowFolder, NameCleaner.IsDotted(layout.ShowFolder));
        if (folder is { IsEmpty: false })
        {
            var sameShow = folder.Key == fromFile.Key;
            if (layout.SeasonFromFolder is not null || fromFile.IsEmpty || sameShow)
            {
                return folder with { Year = folder.Year ?? (sameShow ? fromFile.Year : null) };
            }
        }

        return fromFile.IsEmpty ? null : fromFile;
    }

    private static MediaIdentity Movie(PathLayout layout, SourceContentKind kind)
    {
        var fromFile = NameCleaner.Name(layout.Stem, layout.Dotted);
        if (fromFile is { IsEmpty: false, Year: not null })
        {
            return new MovieIdentity(fromFile.Name, fromFile.Year);
        }

        // "Movie (1999)/movie.mkv": the folder carries the year. In a mixed source the file must also
        // spell the folder's name, or any stray file in a "Show (2004)" folder would become a movie.
        var parent = layout.MovieFolder is null ? null : NameCleaner.Name(layout.MovieFolder, NameCleaner.IsDotted(layout.MovieFolder));
        if (parent is { IsEmpty: false, Year: not null }
            && (kind == SourceContentKind.Movies || (!fromFile.IsEmpty && fromFile.Key.StartsWith(parent.Key, StringComparison.Ordinal))))
        {
            return new MovieIdentity(parent.Name, parent.Year);
        }

        if (kind == SourceContentKind.Movies)
        {
            if (!fromFile.IsEmpty)
            {
                return new MovieIdentity(fromFile.Name, null);
            }

            if (parent is { IsEmpty: false })
            {
                return new MovieIdentity(parent.Name, null);
            }

            return new UnmatchedIdentity($"'{layout.FileName}' holds no title once release details are removed, and neither does its folder.");
        }

        return new UnmatchedIdentity(
            $"'{layout.FileName}' looks neither like an episode ('Show - S01E02') nor like a movie ('Movie (1999)'). "
            + "Rename it, or set the source's kind to shows or movies.");
    }

    /// <summary>The parts of a path the parser looks at.</summary>
    private sealed class PathLayout
    {
        public PathLayout(string[] folders, string fileName)
        {
            FileName = fileName;
            Stem = StemOf(fileName);
            Dotted = NameCleaner.IsDotted(Stem);
            var parent = folders.Length > 0 ? folders[^1] : null;
            SeasonFromFolder = parent is null ? null : SeasonFolders.NumberOf(parent);
            if (SeasonFromFolder is null)
            {
                ShowFolder = parent;
                MovieFolder = parent;
            }
            else
            {
                ShowFolder = folders.Length > 1 ? folders[^2] : null;
            }
        }

        public string FileName { get; }
        public string Stem { get; }
        public bool Dotted { get; }
        public int? SeasonFromFolder { get; }
        public string? ShowFolder { get; }
        public string? MovieFolder { get; }

        private static string StemOf(string fileName)
        {
            var dot = fileName.LastIndexOf('.');
            return dot > 0 ? fileName[..dot] : fileName;
        }
    }
}
