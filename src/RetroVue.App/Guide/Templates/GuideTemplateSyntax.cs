namespace RetroVue.App.Guide.Templates;

/// <summary>A checked guide template: only the constructs below exist, so nothing else can reach the compiler.</summary>
public sealed record GuideTemplate(string Source, IReadOnlyList<GuideTemplateNode> Nodes);

public abstract record GuideTemplateNode;

/// <summary>Text printed as written.</summary>
public sealed record GuideTextNode(string Text) : GuideTemplateNode;

/// <summary>A model field, optionally through one of the helpers (<see cref="GuideTemplateParser.Helpers"/>).</summary>
public sealed record GuideFieldNode(string Field, string? Helper, int? Argument) : GuideTemplateNode;

/// <summary>@if / else if / else: the first branch whose condition holds is printed, else the else part (if any).</summary>
public sealed record GuideIfNode(IReadOnlyList<GuideBranch> Branches, IReadOnlyList<GuideTemplateNode> Otherwise) : GuideTemplateNode;

public sealed record GuideBranch(GuideCondition Condition, IReadOnlyList<GuideTemplateNode> Body);

public abstract record GuideCondition;

public sealed record GuideNot(GuideCondition Inner) : GuideCondition;

public sealed record GuideAnd(GuideCondition Left, GuideCondition Right) : GuideCondition;

public sealed record GuideOr(GuideCondition Left, GuideCondition Right) : GuideCondition;

/// <summary>A field compared with a literal; a yes/no field may stand alone (<see cref="Operator"/> and <see cref="Value"/> null).</summary>
public sealed record GuideComparison(string Field, string? Operator, GuideLiteral? Value) : GuideCondition;

public sealed record GuideLiteral(GuideLiteralKind Kind, string Text);

public enum GuideLiteralKind
{
    Number,
    Text,
    Null,
    True,
    False,
}

/// <summary>One problem in a template: the template's own line (1 = its first line) and what is wrong.</summary>
public sealed record GuideTemplateError(int Line, string Message);
