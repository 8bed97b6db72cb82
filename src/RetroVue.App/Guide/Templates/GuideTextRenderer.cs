using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Guide.Templates;

/// <summary>A programme's XMLTV title, sub-title and description from the channel's templates; null keeps RetroVue's own text.</summary>
public sealed record GuideText(string? Title, string? SubTitle, string? Description)
{
    public static readonly GuideText Default = new(null, null, null);
}

/// <summary>
/// Renders a channel's guide templates for each programme. A template that fails for a programme (over its output
/// or time limit, or not compilable) never breaks the guide: that programme gets the default text, and the failure
/// is logged once per channel, element and template.
/// </summary>
public sealed class GuideTextRenderer(IGuideTemplateEngine engine, ILogger<GuideTextRenderer> logger)
{
    /// <summary>Enough for every template of a large lineup; past it the memo starts over rather than grow.</summary>
    private const int MemoLimit = 1024;

    private readonly ConcurrentDictionary<string, GuideTemplate?> _parsed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(Guid Channel, string Element, string Template), bool> _reported = new();

    public async ValueTask<GuideText> RenderAsync(Channel channel, GuideListingItem programme, CancellationToken cancellationToken)
    {
        var templates = channel.GuideTemplates;
        if (templates.IsEmpty)
        {
            return GuideText.Default;
        }

        var model = GuideTemplateModel.Of(channel, programme);
        return new GuideText(
            await OneAsync(channel, "title", templates.Title, model, cancellationToken),
            await OneAsync(channel, "sub-title", templates.SubTitle, model, cancellationToken),
            await OneAsync(channel, "desc", templates.Description, model, cancellationToken));
    }

    private async ValueTask<string?> OneAsync(Channel channel, string element, string? source, GuideTemplateModel model, CancellationToken cancellationToken)
    {
        if (source is null)
        {
            return null;
        }

        var template = Parsed(source);
        if (template is null)
        {
            // Stored templates were checked on save; one that no longer passes (a stricter check) is not run.
            Report(channel, element, source, null);
            return null;
        }

        try
        {
            var text = await engine.RenderAsync(template, model, cancellationToken);
            return string.IsNullOrWhiteSpace(text) ? null : text;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Report(channel, element, source, e);
            return null;
        }
    }

    private GuideTemplate? Parsed(string source)
    {
        if (_parsed.TryGetValue(source, out var known))
        {
            return known;
        }

        if (_parsed.Count >= MemoLimit)
        {
            _parsed.Clear();
        }

        return _parsed[source] = GuideTemplateParser.TryParse(source, out var template, out _) ? template : null;
    }

    private void Report(Channel channel, string element, string source, Exception? error)
    {
        if (_reported.Count >= MemoLimit)
        {
            _reported.Clear();
        }

        if (!_reported.TryAdd((channel.Id, element, source), true))
        {
            return;
        }

        logger.LogWarning(
            error,
            "The {Element} template of channel {Number} failed ({Problem}); its programmes show the default text until the template is fixed",
            element,
            channel.Number.ToString(),
            error?.Message ?? "it does not pass the template check");
    }
}
