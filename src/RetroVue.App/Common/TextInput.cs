using RetroVue.Domain.Common;

namespace RetroVue.App.Common;

/// <summary>
/// The printable-text rule (<see cref="PrintableText"/>) at the door of every App service that takes text from a
/// form, an API body, a query string, the command line or a schedule file: a refused character is an operator error
/// (400, a form error, one CLI line), raised before anything is read or written.
/// </summary>
public static class TextInput
{
    /// <summary>One line: a name, a search, a URL, a reason.</summary>
    public static string? Line(string field, string? value) => Checked(field, value, TextShape.SingleLine);

    private static string? Checked(string field, string? value, TextShape shape)
    {
        if (value is null)
        {
            return null;
        }

        var index = PrintableText.IndexOfRefused(value, shape);
        return index < 0 ? value : throw new UserFacingException(PrintableText.Problem(field, value, index));
    }
}
