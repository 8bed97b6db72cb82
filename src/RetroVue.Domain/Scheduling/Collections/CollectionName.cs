using RetroVue.Domain.Common;

namespace RetroVue.Domain.Scheduling.Collections;

/// <summary>
/// A collection's name as schedules and commands use it: a slug such as "80s-comedy". Compared without case, so it is
/// kept in lower case.
/// </summary>
public static class CollectionName
{
    public const int MaxLength = 64;

    public static string Parse(string? text)
    {
        PrintableText.Require("The collection name", text);
        var name = (text ?? string.Empty).Trim().ToLowerInvariant();
        if (name.Length == 0)
        {
            throw new DomainException("The collection name is empty; use a slug such as '80s-comedy'.");
        }

        if (name.Length > MaxLength)
        {
            throw new DomainException($"The collection name is {name.Length} characters long; at most {MaxLength}.");
        }

        if (!name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') || name.StartsWith('-') || name.EndsWith('-') || name.Contains("--", StringComparison.Ordinal))
        {
            throw new DomainException($"'{text}' is not a valid collection name: use letters, digits and single dashes, such as '80s-comedy'.");
        }

        return name;
    }
}
