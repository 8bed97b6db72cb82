namespace RetroVue.Domain.Scheduling;

/// <summary>
/// A channel's operator-written templates for its XMLTV programme text; null keeps RetroVue's own text for that element.
/// Stored as written; what they may contain is checked before they get here (App's GuideTemplateParser).
/// </summary>
public sealed record GuideTemplates(string? Title, string? SubTitle, string? Description)
{
    public static readonly GuideTemplates None = new(null, null, null);

    public bool IsEmpty => Title is null && SubTitle is null && Description is null;
}
