using System.Globalization;
using System.Text;
using RetroVue.App.Guide.Templates;

namespace RetroVue.Adapters.Guide;

/// <summary>
/// Turns a checked <see cref="GuideTemplate"/> into the Razor source RazorLight compiles. The operator's text never
/// reaches the compiler as code: literal text and compared values become C# string literals with every character
/// but letters, digits and spaces written as a \u escape, and the only names are the model's fields and the helpers.
/// </summary>
public static class GuideTemplateCode
{
    public static string Razor(GuideTemplate template)
    {
        var code = new StringBuilder();
        code.Append("@inherits ").Append(typeof(GuideTemplatePage).FullName).Append('\n');
        code.Append("@{\n");
        Statements(code, template.Nodes);
        code.Append('}');
        return code.ToString();
    }

    private static void Statements(StringBuilder code, IReadOnlyList<GuideTemplateNode> nodes)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case GuideTextNode text:
                    code.Append("Emit(").Append(Literal(text.Text)).Append(");\n");
                    break;
                case GuideFieldNode { Helper: null } field:
                    code.Append("Emit(Model.").Append(field.Field).Append(");\n");
                    break;
                case GuideFieldNode field:
                    code.Append("Emit(").Append(field.Helper).Append("(Model.").Append(field.Field);
                    if (field.Argument is { } argument)
                    {
                        code.Append(", ").Append(argument.ToString(CultureInfo.InvariantCulture));
                    }

                    code.Append("));\n");
                    break;
                case GuideIfNode choice:
                    for (var i = 0; i < choice.Branches.Count; i++)
                    {
                        code.Append(i == 0 ? "if (" : "else if (");
                        Condition(code, choice.Branches[i].Condition);
                        code.Append(") {\n");
                        Statements(code, choice.Branches[i].Body);
                        code.Append("}\n");
                    }

                    if (choice.Otherwise.Count > 0)
                    {
                        code.Append("else {\n");
                        Statements(code, choice.Otherwise);
                        code.Append("}\n");
                    }

                    break;
                default:
                    throw new InvalidOperationException($"No code for {node.GetType().Name}.");
            }
        }
    }

    private static void Condition(StringBuilder code, GuideCondition condition)
    {
        switch (condition)
        {
            case GuideNot not:
                code.Append("!(");
                Condition(code, not.Inner);
                code.Append(')');
                break;
            case GuideAnd and:
                code.Append('(');
                Condition(code, and.Left);
                code.Append(") && (");
                Condition(code, and.Right);
                code.Append(')');
                break;
            case GuideOr or:
                code.Append('(');
                Condition(code, or.Left);
                code.Append(") || (");
                Condition(code, or.Right);
                code.Append(')');
                break;
            case GuideComparison { Operator: null } bare:
                code.Append("Model.").Append(bare.Field);
                break;
            case GuideComparison comparison:
                code.Append("Model.").Append(comparison.Field).Append(' ').Append(comparison.Operator).Append(' ').Append(comparison.Value!.Kind switch
                {
                    GuideLiteralKind.Number => int.Parse(comparison.Value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
                    GuideLiteralKind.Text => Literal(comparison.Value.Text),
                    GuideLiteralKind.Null => "null",
                    GuideLiteralKind.True => "true",
                    _ => "false",
                });
                break;
            default:
                throw new InvalidOperationException($"No code for {condition.GetType().Name}.");
        }
    }

    /// <summary>A C# string literal of only letters, digits, spaces and \u escapes: nothing in it can end the string or mean anything to Razor.</summary>
    private static string Literal(string text)
    {
        var literal = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c) || c == ' ')
            {
                literal.Append(c);
            }
            else
            {
                literal.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
        }

        return literal.Append('"').ToString();
    }
}
