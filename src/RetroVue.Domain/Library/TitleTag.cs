using RetroVue.Domain.Common;

namespace RetroVue.Domain.Library;

/// <summary>What a label on a title says: its genre, a free tag (a Plex collection or label, a Kodi tag), or its studio.</summary>
public enum TagKind
{
    Genre = 0,
    Tag = 1,
    Studio = 2,
}

/// <summary>
/// A genre, tag or studio a source gives a title. Each source owns its own labels: a sync replaces the labels that
/// source gave before and never another source's (a Plex genre stays when an NFO file next to the same film changes).
/// </summary>
public sealed class TitleTag
{
    private TitleTag()
    {
        Name = string.Empty;
        NormalizedName = string.Empty;
    }

    public TitleTag(Guid titleId, Guid sourceId, TagKind kind, TagName name)
    {
        TitleId = titleId;
        SourceId = sourceId;
        Kind = kind;
        Name = name.Display;
        NormalizedName = name.Normalized;
    }

    public Guid TitleId { get; private set; }
    public Guid SourceId { get; private set; }
    public TagKind Kind { get; private set; }

    /// <summary>As the source wrote it, with spaces collapsed ("Science Fiction").</summary>
    public string Name { get; private set; }

    /// <summary>The identity of the label: lower case, single spaces ("science fiction").</summary>
    public string NormalizedName { get; private set; }
}

/// <summary>
/// A genre, tag or studio name: trimmed, inner white space collapsed to one space, compared without case. Names from
/// sources are cleaned (control characters dropped, cut at <see cref="MaxLength"/>) because a sync must not fail on
/// one odd label; names an operator types are validated instead (<see cref="Parse"/>).
/// </summary>
public readonly record struct TagName
{
    public const int MaxLength = 100;

    private TagName(string display)
    {
        Display = display;
        Normalized = display.ToLowerInvariant();
    }

    public string Display { get; }

    public string Normalized { get; }

    /// <summary>The normalized form of <paramref name="text"/> for comparisons and queries.</summary>
    public static string Normalize(string text) => Collapse(text).ToLowerInvariant();

    /// <summary>A label from a source: control characters removed, cut to <see cref="MaxLength"/>; null when nothing is left.</summary>
    public static TagName? FromSource(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var printable = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                printable.Append(c).Append(text[++i]);
            }
            else if (!char.IsControl(c) && !char.IsSurrogate(c))
            {
                printable.Append(c);
            }
            else if (char.IsWhiteSpace(c))
            {
                // A tab or line break inside a label separates words.
                printable.Append(' ');
            }
        }

        var collapsed = Collapse(printable.ToString());
        if (collapsed.Length > MaxLength)
        {
            // Never cut a surrogate pair in half.
            var cut = char.IsHighSurrogate(collapsed[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
            collapsed = collapsed[..cut].TrimEnd();
        }

        return collapsed.Length == 0 ? null : new TagName(collapsed);
    }

    /// <summary>A label an operator typed (a query, an API filter): refused with a message naming <paramref name="field"/> when it is empty, too long or holds a control character.</summary>
    public static TagName Parse(string field, string? text)
    {
        PrintableText.Require(field, text);
        var collapsed = Collapse(text ?? string.Empty);
        if (collapsed.Length == 0)
        {
            throw new DomainException($"{field} is empty; give a genre, tag or studio name.");
        }

        if (collapsed.Length > MaxLength)
        {
            throw new DomainException($"{field} is {collapsed.Length} characters long; a genre, tag or studio name has at most {MaxLength}.");
        }

        return new TagName(collapsed);
    }

    /// <summary>The distinct labels of a list from a source, in their first spelling, unusable ones left out.</summary>
    public static IReadOnlyList<TagName> DistinctFromSource(IEnumerable<string?> texts)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var names = new List<TagName>();
        foreach (var text in texts)
        {
            if (FromSource(text) is { } name && seen.Add(name.Normalized))
            {
                names.Add(name);
            }
        }

        return names;
    }

    public override string ToString() => Display;

    private static string Collapse(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
