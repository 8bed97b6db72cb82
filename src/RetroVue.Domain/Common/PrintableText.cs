using System.Globalization;

namespace RetroVue.Domain.Common;

/// <summary>Whether a text may also hold line breaks and tabs (a schedule document, a note) or is one line (a name, a search).</summary>
public enum TextShape
{
    SingleLine,
    MultiLine,
}

/// <summary>
/// The rule for text an operator or a client gives: no control characters. PostgreSQL cannot store U+0000 at all, and
/// escape sequences or stray line breaks in a name would later reach terminals, logs, playlists and guides. Refused are
/// C0 (U+0000-U+001F), DEL (U+007F), C1 (U+0080-U+009F) and halves of a surrogate pair without the other half; a
/// multi-line text may hold tab, line feed and carriage return.
/// </summary>
public static class PrintableText
{
    /// <summary>The index of the first character the rule refuses, or -1 when the text is fine.</summary>
    public static int IndexOfRefused(ReadOnlySpan<char> text, TextShape shape)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c))
            {
                if (shape == TextShape.MultiLine && c is '\t' or '\n' or '\r')
                {
                    continue;
                }

                return i;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return i;
            }
        }

        return -1;
    }

    public static bool IsPrintable(string? text, TextShape shape = TextShape.SingleLine) =>
        text is null || IndexOfRefused(text, shape) < 0;

    /// <summary>Returns <paramref name="text"/> when it follows the rule; otherwise says which field and which character.</summary>
    public static string? Require(string field, string? text, TextShape shape = TextShape.SingleLine)
    {
        if (text is null)
        {
            return null;
        }

        var index = IndexOfRefused(text, shape);
        return index < 0 ? text : throw new DomainException(Problem(field, text, index));
    }

    /// <summary>"The name contains a control character (U+0000) at position 2; ..." with a 1-based position.</summary>
    public static string Problem(string field, string text, int index) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{field} contains {(char.IsSurrogate(text[index]) ? "a broken character" : "a control character")} (U+{(int)text[index]:X4}) at position {index + 1}; remove it and try again.");
}
