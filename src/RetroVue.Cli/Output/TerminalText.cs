using System.Globalization;
using System.Text;

namespace RetroVue.Cli.Output;

/// <summary>
/// Makes text from outside (file names, Plex titles, error messages) safe to print on a terminal: every control
/// character (C0 with tab and line breaks, DEL, C1) and every bidirectional override becomes a visible escape such as
/// \n, \t or \x1B, so a name can neither move the cursor, recolour or clear the screen, nor break a table row.
/// </summary>
public static class TerminalText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(NeedsEscape))
        {
            return text ?? string.Empty;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '\n' => @"\n",
                '\r' => @"\r",
                '\t' => @"\t",
                _ when !NeedsEscape(c) => c.ToString(),
                _ when c <= '\u00FF' => string.Create(CultureInfo.InvariantCulture, $@"\x{(int)c:X2}"),
                _ => string.Create(CultureInfo.InvariantCulture, $@"\u{(int)c:X4}"),
            });
        }

        return escaped.ToString();
    }

    /// <summary>Controls, and the marks that reorder how the rest of a line is shown (U+200E/F, U+202A-E, U+2066-9).</summary>
    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || c is '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
