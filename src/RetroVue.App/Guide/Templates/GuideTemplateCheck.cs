using RetroVue.App.Common;
using RetroVue.Domain.Common;
using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Guide.Templates;

/// <summary>One template problem: which template (its YAML key: title, sub_title, description), its line in that template, and what is wrong.</summary>
public sealed record GuideTemplateProblem(string Template, int Line, string Message)
{
    public override string ToString() => $"The guide {GuideTemplateCheck.Describe(Template)} template, line {Line}: {Message}";
}

/// <summary>Templates typed into a form or sent to the API that cannot be used; nothing was saved.</summary>
public sealed class GuideTemplateException(IReadOnlyList<GuideTemplateProblem> problems)
    : UserFacingException(string.Join("\n", problems.Select(p => p.ToString())))
{
    public IReadOnlyList<GuideTemplateProblem> Problems { get; } = problems;
}

/// <summary>Checks a channel's three guide templates the way every way in (YAML document, admin form, API) does.</summary>
public static class GuideTemplateCheck
{
    public const string TitleKey = "title";
    public const string SubTitleKey = "sub_title";
    public const string DescriptionKey = "description";

    public static string Describe(string key) => key switch
    {
        SubTitleKey => "sub-title",
        _ => key,
    };

    /// <summary>Blank templates become null (RetroVue's own text), line endings become \n; any problem throws with every template's first problem.</summary>
    public static GuideTemplates Checked(string? title, string? subTitle, string? description)
    {
        var problems = new List<GuideTemplateProblem>();
        var result = new GuideTemplates(One(TitleKey, title, problems), One(SubTitleKey, subTitle, problems), One(DescriptionKey, description, problems));
        return problems.Count == 0 ? result : throw new GuideTemplateException(problems);
    }

    /// <summary>The template's first problem (printable text, then the template language), or null when it may be saved.</summary>
    public static GuideTemplateError? Problem(string template)
    {
        if (PrintableText.IndexOfRefused(template, TextShape.MultiLine) is var refused and >= 0)
        {
            var line = template.AsSpan(0, refused).Count('\n') + 1;
            return new GuideTemplateError(line, PrintableText.Problem("The template", template, refused));
        }

        return GuideTemplateParser.Check(template);
    }

    private static string? One(string key, string? template, List<GuideTemplateProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            return null;
        }

        var text = template.ReplaceLineEndings("\n");
        if (Problem(text) is { } problem)
        {
            problems.Add(new GuideTemplateProblem(key, problem.Line, problem.Message));
        }

        return text;
    }
}
