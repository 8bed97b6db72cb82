namespace RetroVue.App.Guide.Templates;

/// <summary>Compiles (once per distinct template) and renders checked guide templates; RazorLight in Adapters.</summary>
public interface IGuideTemplateEngine
{
    /// <summary>The template's text for one programme; throws when it cannot be compiled or runs over its limits.</summary>
    ValueTask<string> RenderAsync(GuideTemplate template, GuideTemplateModel model, CancellationToken cancellationToken);
}
