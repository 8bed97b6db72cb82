using RetroVue.App.Common;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace RetroVue.Web;

/// <summary>Renders a log event with a template, then masks any secret in the text: the last line of defence.</summary>
public sealed class RedactingFormatter(string outputTemplate) : ITextFormatter
{
    private readonly MessageTemplateTextFormatter _inner = new(outputTemplate, System.Globalization.CultureInfo.InvariantCulture);

    public void Format(LogEvent logEvent, TextWriter output)
    {
        using var buffer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        _inner.Format(logEvent, buffer);
        output.Write(SecretRedactor.Redact(buffer.ToString()));
    }
}
