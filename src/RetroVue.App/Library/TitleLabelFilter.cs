using RetroVue.App.Common;
using RetroVue.Domain.Common;
using RetroVue.Domain.Library;

namespace RetroVue.App.Library;

/// <summary>Titles that carry one genre, tag or studio (from any source), compared normalised.</summary>
public sealed record TitleLabelFilter(TagKind Kind, TagName Name)
{
    /// <summary>
    /// The filter an operator asked for with at most one of genre, tag or studio; null when none is given. A name that
    /// is empty, over 100 characters or holds a control character is refused naming its parameter.
    /// </summary>
    public static TitleLabelFilter? From(string? genre, string? tag, string? studio)
    {
        var given = new[] { ("genre", TagKind.Genre, genre), ("tag", TagKind.Tag, tag), ("studio", TagKind.Studio, studio) }
            .Where(g => g.Item3 is not null)
            .ToList();
        if (given.Count == 0)
        {
            return null;
        }

        if (given.Count > 1)
        {
            throw new UserFacingException("Filter titles by one of genre, tag or studio at a time.");
        }

        var (field, kind, text) = given[0];
        try
        {
            return new TitleLabelFilter(kind, TagName.Parse(field, text));
        }
        catch (DomainException ex)
        {
            throw new UserFacingException(ex.Message);
        }
    }

    /// <summary>"genre", "tag" or "studio" (any case) as a label kind; blank is every kind.</summary>
    public static TagKind? ParseKind(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : Enum.TryParse<TagKind>(value, ignoreCase: true, out var kind) && Enum.IsDefined(kind) && char.IsLetter(value.Trim()[0]) ? kind
        : throw new UserFacingException($"'{value}' is not a label kind; use genre, tag or studio.");
}
