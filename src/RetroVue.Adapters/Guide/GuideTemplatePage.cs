using System.Globalization;
using RazorLight;
using RetroVue.App.Guide.Templates;

namespace RetroVue.Adapters.Guide;

/// <summary>
/// The base of every compiled guide template (<see cref="GuideTemplateCode"/> writes the @inherits). The generated
/// code calls only <see cref="Emit(string?)"/>, the helpers below and reads <c>Model</c>; each write checks the
/// render's time budget.
/// </summary>
public abstract class GuideTemplatePage : TemplatePage<GuideTemplateModel>
{
    internal long Deadline { get; set; } = long.MaxValue;

    internal TimeProvider Clock { get; set; } = TimeProvider.System;

    protected void Emit(string? text)
    {
        if (Clock.GetTimestamp() > Deadline)
        {
            throw new GuideTemplateLimitException("took longer than its render time limit");
        }

        if (text is not null)
        {
            WriteLiteral(text);
        }
    }

    protected void Emit(int? value) => Emit(value?.ToString(CultureInfo.InvariantCulture));

    protected void Emit(bool value) => Emit(value ? "true" : "false");

    protected static string? Upper(string? text) => text?.ToUpperInvariant();

    protected static string? Lower(string? text) => text?.ToLowerInvariant();

    /// <summary>At most <paramref name="length"/> characters, the last of them an ellipsis when anything was cut.</summary>
    protected static string? Truncate(string? text, int length) =>
        text is null || text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 1).TrimEnd(), "…");

    protected static string? Pad(int? value, int width) =>
        value?.ToString("D" + width.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}

/// <summary>A template that ran over its output or time limit; the guide then shows the default text.</summary>
public sealed class GuideTemplateLimitException(string problem) : Exception($"The guide template {problem}.");
