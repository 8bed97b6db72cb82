using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;

namespace RetroVue.Adapters.Ingest.Nfo;

/// <summary>The outcome of reading one NFO file: a document, or why it was ignored.</summary>
public sealed record NfoReadResult(NfoDocument? Document, string? Problem);

/// <summary>
/// Reads Kodi-style NFO files safely: no DTD (an entity bomb or an external entity is refused, never resolved), no
/// external resources, at most <see cref="MaxBytes"/> read. Anything unreadable is reported, never thrown: a bad NFO
/// must not stop its media file from being imported.
/// </summary>
public static partial class NfoReader
{
    /// <summary>Real NFO files are a few kilobytes; anything past a mebibyte is not one.</summary>
    public const long MaxBytes = 1024 * 1024;

    private static readonly string[] Roots = ["tvshow", "episodedetails", "movie"];

    public static NfoReadResult Read(string path, string expectedRoot)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Length == 0)
            {
                return Problem(path, "is empty");
            }

            if (info.Length > MaxBytes)
            {
                return Problem(path, $"is {info.Length:N0} bytes; an NFO file may have at most {MaxBytes:N0}");
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096);
            return Parse(stream, path, expectedRoot);
        }
        catch (IOException ex)
        {
            return Problem(path, $"cannot be read ({ex.Message})");
        }
        catch (UnauthorizedAccessException ex)
        {
            return Problem(path, $"cannot be read ({ex.Message})");
        }
    }

    public static NfoReadResult Parse(Stream stream, string path, string expectedRoot)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxBytes,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
        };
        try
        {
            using var reader = XmlReader.Create(stream, settings);
            if (reader.MoveToContent() != XmlNodeType.Element)
            {
                return Problem(path, "holds no XML element");
            }

            if (!string.Equals(reader.LocalName, expectedRoot, StringComparison.Ordinal))
            {
                var what = Roots.Contains(reader.LocalName, StringComparer.Ordinal) ? $"a <{reader.LocalName}> NFO" : $"<{reader.LocalName}>, not an NFO";
                return Problem(path, $"is {what}; expected <{expectedRoot}>");
            }

            return new NfoReadResult(ReadDocument(reader, expectedRoot), null);
        }
        catch (XmlException ex)
        {
            return Problem(path, $"is not well-formed XML (line {ex.LineNumber}, column {ex.LinePosition}: {FirstSentence(ex.Message)})");
        }
    }

    private static NfoDocument ReadDocument(XmlReader reader, string root)
    {
        string? title = null, plot = null, contentRating = null;
        int? year = null;
        DateOnly? aired = null;
        double? rating = null, defaultRating = null;
        var genres = new List<string>();
        var tags = new List<string>();
        var studios = new List<string>();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var depth = reader.Depth;
        if (reader.IsEmptyElement)
        {
            return new NfoDocument(root, null, null, null, null, genres, tags, studios, ids, null, null);
        }

        reader.Read();
        while (!reader.EOF && reader.Depth > depth)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
                continue;
            }

            switch (reader.LocalName)
            {
                case "title":
                    title = Text(reader.ReadElementContentAsString());
                    break;
                case "plot":
                    plot = Text(reader.ReadElementContentAsString());
                    break;
                case "year":
                    year = ParseYear(reader.ReadElementContentAsString());
                    break;
                case "premiered" or "aired":
                    var date = ParseDate(reader.ReadElementContentAsString());
                    aired ??= date;
                    year ??= date?.Year;
                    break;
                case "genre":
                    AddSplit(genres, reader.ReadElementContentAsString());
                    break;
                case "tag":
                    AddSplit(tags, reader.ReadElementContentAsString());
                    break;
                case "studio":
                    AddSplit(studios, reader.ReadElementContentAsString());
                    break;
                case "mpaa":
                    contentRating = Text(reader.ReadElementContentAsString());
                    break;
                case "uniqueid":
                    var type = reader.GetAttribute("type")?.Trim().ToLowerInvariant();
                    var value = Text(reader.ReadElementContentAsString());
                    if (type is "tvdb" or "tmdb" or "imdb" && value is not null)
                    {
                        ids.TryAdd(type, value);
                    }

                    break;
                case "imdbid":
                    AddLegacyId(ids, reader.ReadElementContentAsString());
                    break;
                case "id":
                    AddLegacyId(ids, reader.ReadElementContentAsString(), root);
                    break;
                case "rating" when reader.Depth == depth + 1:
                    rating ??= ParseScore(reader.ReadElementContentAsString());
                    break;
                case "ratings":
                    ReadRatings(reader.ReadSubtree(), ref defaultRating, ref rating);
                    reader.Skip();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new NfoDocument(root, title, plot, year, aired, genres, tags, studios, ids, defaultRating ?? rating, contentRating);
    }

    /// <summary>&lt;ratings&gt;&lt;rating name="imdb" default="true"&gt;&lt;value&gt;7.9&lt;/value&gt;...: the default one wins, else the first.</summary>
    private static void ReadRatings(XmlReader ratings, ref double? defaultRating, ref double? first)
    {
        using (ratings)
        {
            var isDefault = false;
            while (ratings.Read())
            {
                if (ratings.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (ratings.LocalName == "rating")
                {
                    isDefault = string.Equals(ratings.GetAttribute("default")?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
                }
                else if (ratings.LocalName == "value" && ParseScore(ratings.ReadElementContentAsString()) is { } score)
                {
                    first ??= score;
                    if (isDefault)
                    {
                        defaultRating ??= score;
                    }
                }
            }
        }
    }

    /// <summary>The legacy &lt;id&gt;: an IMDb id (tt…) anywhere, else a TVDB id for a show or episode, a TMDB id for a movie.</summary>
    private static void AddLegacyId(Dictionary<string, string> ids, string text, string root = "")
    {
        if (Text(text) is not { } id)
        {
            return;
        }

        if (ImdbId().IsMatch(id))
        {
            ids.TryAdd("imdb", id);
        }
        else if (id.All(char.IsAsciiDigit) && root.Length > 0)
        {
            ids.TryAdd(root == "movie" ? "tmdb" : "tvdb", id);
        }
    }

    /// <summary>Some writers put several names in one element ("Comedy / Drama").</summary>
    private static void AddSplit(List<string> into, string text)
    {
        foreach (var part in text.Split(['/', '|'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            into.Add(part);
        }
    }

    private static string? Text(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static int? ParseYear(string text) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1800 and <= 2200 ? year : null;

    private static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static double? ParseScore(string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var score) && score is >= 0 and <= 10 ? score : null;

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message.TrimEnd('.');
    }

    private static NfoReadResult Problem(string path, string why) =>
        new(null, $"The NFO file {path} {why}; it was ignored and the media file imported without it.");

    [GeneratedRegex("^tt[0-9]{5,10}$")]
    private static partial Regex ImdbId();
}
