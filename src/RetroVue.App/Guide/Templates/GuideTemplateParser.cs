using System.Globalization;
using System.Text;

namespace RetroVue.App.Guide.Templates;

/// <summary>
/// Reads the small part of Razor that guide templates may use, and refuses everything else with its line, before
/// anything is compiled: <c>@Model.Field</c>, <c>@(Model.Field)</c>, the helpers <c>@Upper(Model.Field)</c>,
/// <c>@Lower(…)</c>, <c>@Truncate(Model.Field, 80)</c> and <c>@Pad(Model.Field, 2)</c>, <c>@if (…) { … } else if (…) { … }
/// else { … }</c> on fields compared with literals, <c>@* comments *@</c> and <c>@@</c> for a literal @.
/// A template is C# run on the server; this subset gives it no way to name anything but the model's fields.
/// </summary>
public static class GuideTemplateParser
{
    /// <summary>Far beyond any real title or description template; keeps a pasted file from reaching the compiler.</summary>
    public const int MaxLength = 4000;

    private const int MaxNesting = 8;
    private const int MaxHelperArgument = 1000;

    /// <summary>The helpers, and whether each takes a number after the field.</summary>
    public static readonly IReadOnlyDictionary<string, bool> Helpers = new Dictionary<string, bool>(StringComparer.Ordinal)
    {
        ["Upper"] = false,
        ["Lower"] = false,
        ["Truncate"] = true,
        ["Pad"] = true,
    };

    private static readonly HashSet<string> Directives = new(StringComparer.Ordinal)
    {
        "functions", "code", "using", "inject", "inherits", "model", "section", "page", "namespace", "implements",
        "attribute", "layout", "addTagHelper", "removeTagHelper", "tagHelperPrefix", "preservewhitespace", "typeparam",
        "rendermode", "helper",
    };

    private static readonly HashSet<string> Statements = new(StringComparer.Ordinal)
    {
        "for", "foreach", "while", "do", "switch", "try", "lock", "await", "goto", "return", "throw", "checked", "unchecked", "unsafe", "fixed",
    };

    private const string Allowed = "a template may read model fields (@Model.Title or @(Model.Title)), use the helpers Upper, Lower, Truncate and Pad, and @if/else; write @@ for a literal @";

    public static GuideTemplate Parse(string source) =>
        TryParse(source, out var template, out var error) ? template : throw new ArgumentException($"line {error.Line}: {error.Message}", nameof(source));

    public static bool TryParse(string source, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GuideTemplate? template, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out GuideTemplateError? error)
    {
        template = null;
        error = null;
        if (source.Length > MaxLength)
        {
            error = new GuideTemplateError(1, $"The template is {source.Length:N0} characters long; a guide template may have at most {MaxLength:N0}.");
            return false;
        }

        var reader = new Reader(source);
        try
        {
            template = new GuideTemplate(source, reader.Template());
            return true;
        }
        catch (RefusedException e)
        {
            error = new GuideTemplateError(LineAt(source, e.Position), e.Message);
            return false;
        }
    }

    /// <summary>The first problem of <paramref name="source"/>, or null when it may be used.</summary>
    public static GuideTemplateError? Check(string source) => TryParse(source, out _, out var error) ? null : error;

    private static int LineAt(string source, int position) => source.AsSpan(0, Math.Min(position, source.Length)).Count('\n') + 1;

    private sealed class RefusedException(int position, string message) : Exception(message)
    {
        public int Position { get; } = position;
    }

    private enum End
    {
        Template,
        Brace,
        TextTag,
    }

    private sealed class Reader(string s)
    {
        private int _pos;
        private int _nesting;

        public IReadOnlyList<GuideTemplateNode> Template()
        {
            var nodes = Nodes(End.Template);
            return nodes;
        }

        private List<GuideTemplateNode> Nodes(End end)
        {
            var nodes = new List<GuideTemplateNode>();
            var text = new StringBuilder();

            void Flush()
            {
                if (text.Length > 0)
                {
                    nodes.Add(new GuideTextNode(text.ToString()));
                    text.Clear();
                }
            }

            while (_pos < s.Length)
            {
                var c = s[_pos];
                if ((end == End.Brace && c == '}') || (end == End.TextTag && At("</text>")))
                {
                    break;
                }

                if (c != '@')
                {
                    text.Append(c);
                    _pos++;
                    continue;
                }

                var at = _pos;
                var next = _pos + 1 < s.Length ? s[_pos + 1] : '\0';
                switch (next)
                {
                    case '@':
                        text.Append('@');
                        _pos += 2;
                        continue;
                    case '*':
                        var close = s.IndexOf("*@", _pos + 2, StringComparison.Ordinal);
                        if (close < 0)
                        {
                            throw new RefusedException(at, "The comment @* is never closed with *@.");
                        }

                        _pos = close + 2;
                        continue;
                    case '(':
                        _pos += 2;
                        SkipSpace();
                        var field = ModelField("inside @( )");
                        SkipSpace();
                        Expect(')', $"Only one model field goes inside @( ): write @(Model.{field}).");
                        Flush();
                        nodes.Add(new GuideFieldNode(field, null, null));
                        continue;
                    case '{':
                        throw new RefusedException(at, $"Code blocks (@{{ ... }}) are not allowed in a guide template: {Allowed}.");
                }

                if (!IsIdentifierStart(next))
                {
                    throw new RefusedException(at, $"'@{Printable(next)}' is not allowed; {Allowed}.");
                }

                _pos++;
                var word = Identifier();
                Flush();
                nodes.Add(word switch
                {
                    "Model" => ModelFieldAfter(at),
                    "if" => If(at),
                    _ when Helpers.TryGetValue(word, out var takesNumber) => Helper(word, takesNumber),
                    "else" => throw new RefusedException(at, "'else' must follow the closing } of an @if."),
                    _ when Directives.Contains(word) => throw new RefusedException(at, $"The @{word} directive is not allowed in a guide template; {Allowed}."),
                    _ when Statements.Contains(word) => throw new RefusedException(at, $"@{word} is not allowed: a guide template has no loops or statements, only @if/else; {Allowed}."),
                    _ => throw new RefusedException(at, $"'@{word}' is not allowed; {Allowed}."),
                });
            }

            Flush();
            return nodes;
        }

        /// <summary>@Model.Field in text: nothing may be chained onto it, since in Razor that would be a member access or a call.</summary>
        private GuideFieldNode ModelFieldAfter(int at)
        {
            if (!At("."))
            {
                throw new RefusedException(at, "Write a model field as @Model.Title.");
            }

            _pos++;
            var field = FieldName();
            var next = _pos < s.Length ? s[_pos] : '\0';
            var after = _pos + 1 < s.Length ? s[_pos + 1] : '\0';
            if (next == '(')
            {
                throw new RefusedException(at, $"Model.{field} is a field, not a method: a guide template calls no methods except the helpers Upper, Lower, Truncate and Pad.");
            }

            if (next == '[' || (next is '.' or '?' or '!' && (IsIdentifierStart(after) || after is '.' or '[' or '(')))
            {
                throw new RefusedException(at, $"Nothing may follow Model.{field} (no members, methods or indexes); use a helper such as @Upper(Model.{field}) or another field.");
            }

            return new GuideFieldNode(field, null, null);
        }

        private GuideFieldNode Helper(string helper, bool takesNumber)
        {
            var at = _pos;
            SkipSpace();
            Expect('(', $"Call the helper as @{helper}(Model.Title{(takesNumber ? ", 40" : "")}).");
            SkipSpace();
            var field = ModelField($"inside @{helper}( )");
            var type = GuideTemplateModel.Fields[field];
            if (helper == "Pad" ? type != GuideFieldType.Number : type != GuideFieldType.Text)
            {
                throw new RefusedException(at, helper == "Pad"
                    ? $"@Pad takes a number field (Season, Episode, Year...); Model.{field} is {Describe(type)}."
                    : $"@{helper} takes a text field; Model.{field} is {Describe(type)}.");
            }

            int? argument = null;
            SkipSpace();
            if (takesNumber)
            {
                Expect(',', $"@{helper} needs a number after the field: @{helper}(Model.{field}, {(helper == "Pad" ? 2 : 40)}).");
                SkipSpace();
                var start = _pos;
                while (_pos < s.Length && char.IsAsciiDigit(s[_pos]) && _pos - start < 5)
                {
                    _pos++;
                }

                if (!int.TryParse(s.AsSpan(start, _pos - start), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > MaxHelperArgument)
                {
                    throw new RefusedException(start, $"@{helper} needs a whole number from 1 to {MaxHelperArgument} after the field.");
                }

                argument = n;
                SkipSpace();
            }

            Expect(')', $"@{helper} takes {(takesNumber ? "a model field and a number" : "one model field")}: nothing else goes inside its parentheses.");
            return new GuideFieldNode(field, helper, argument);
        }

        private GuideIfNode If(int at)
        {
            if (++_nesting > MaxNesting)
            {
                throw new RefusedException(at, $"@if may be nested at most {MaxNesting} deep.");
            }

            var branches = new List<GuideBranch> { Branch() };
            IReadOnlyList<GuideTemplateNode> otherwise = [];
            while (true)
            {
                var save = _pos;
                SkipSpace();
                if (!Word("else"))
                {
                    _pos = save;
                    break;
                }

                SkipSpace();
                if (Word("if"))
                {
                    branches.Add(Branch());
                    continue;
                }

                otherwise = Body();
                break;
            }

            _nesting--;
            return new GuideIfNode(branches, otherwise);
        }

        private GuideBranch Branch()
        {
            SkipSpace();
            Expect('(', "@if needs its condition in parentheses: @if (Model.Season != null) { ... }.");
            var condition = Or(0);
            SkipSpace();
            Expect(')', "The @if condition may only compare model fields with numbers, \"text\", null, true or false, joined by &&, || and !.");
            return new GuideBranch(condition, Body());
        }

        /// <summary>
        /// The braces of an @if part. As in Razor, text may be wrapped in &lt;text&gt;…&lt;/text&gt; (kept exactly); without
        /// it the spaces and line breaks just inside the braces are layout and are dropped.
        /// </summary>
        private IReadOnlyList<GuideTemplateNode> Body()
        {
            SkipSpace();
            Expect('{', "Each part of an @if goes in braces: @if (Model.IsMovie) { Film } else { Series }.");
            SkipSpace();
            List<GuideTemplateNode> nodes;
            if (At("<text>"))
            {
                _pos += "<text>".Length;
                nodes = Nodes(End.TextTag);
                if (!At("</text>"))
                {
                    throw new RefusedException(_pos, "<text> is never closed with </text>.");
                }

                _pos += "</text>".Length;
                SkipSpace();
            }
            else
            {
                nodes = Nodes(End.Brace);
                TrimEdges(nodes);
            }

            Expect('}', "An @if part that opens with { must close with }.");
            return nodes;
        }

        private static void TrimEdges(List<GuideTemplateNode> nodes)
        {
            if (nodes.Count > 0 && nodes[0] is GuideTextNode first)
            {
                nodes[0] = first with { Text = first.Text.TrimStart() };
            }

            if (nodes.Count > 0 && nodes[^1] is GuideTextNode last)
            {
                nodes[^1] = last with { Text = last.Text.TrimEnd() };
            }

            nodes.RemoveAll(n => n is GuideTextNode { Text.Length: 0 });
        }

        private GuideCondition Or(int depth)
        {
            var left = And(depth);
            while (true)
            {
                SkipSpace();
                if (!At("||"))
                {
                    return left;
                }

                _pos += 2;
                left = new GuideOr(left, And(depth));
            }
        }

        private GuideCondition And(int depth)
        {
            var left = Unary(depth);
            while (true)
            {
                SkipSpace();
                if (!At("&&"))
                {
                    return left;
                }

                _pos += 2;
                left = new GuideAnd(left, Unary(depth));
            }
        }

        private GuideCondition Unary(int depth)
        {
            SkipSpace();
            if (depth > MaxNesting * 2)
            {
                throw new RefusedException(_pos, "The @if condition is nested too deeply.");
            }

            if (At("!") && !At("!="))
            {
                _pos++;
                return new GuideNot(Unary(depth + 1));
            }

            if (At("("))
            {
                _pos++;
                var inner = Or(depth + 1);
                SkipSpace();
                Expect(')', "A '(' in the @if condition is never closed.");
                return inner;
            }

            return Comparison();
        }

        private GuideComparison Comparison()
        {
            var at = _pos;
            var field = ModelField("in an @if condition");
            var type = GuideTemplateModel.Fields[field];
            SkipSpace();
            var op = new[] { "==", "!=", "<=", ">=", "<", ">" }.FirstOrDefault(At);
            if (op is null)
            {
                return type == GuideFieldType.YesNo
                    ? new GuideComparison(field, null, null)
                    : throw new RefusedException(at, $"Model.{field} is {Describe(type)}, not yes/no: compare it, e.g. @if (Model.{field} != null).");
            }

            _pos += op.Length;
            SkipSpace();
            var literalAt = _pos;
            var literal = Literal(op);
            var fits = literal.Kind switch
            {
                GuideLiteralKind.Null => type != GuideFieldType.YesNo && op is "==" or "!=",
                GuideLiteralKind.True or GuideLiteralKind.False => type == GuideFieldType.YesNo && op is "==" or "!=",
                GuideLiteralKind.Number => type == GuideFieldType.Number,
                _ => type == GuideFieldType.Text && op is "==" or "!=",
            };
            return fits
                ? new GuideComparison(field, op, literal)
                : throw new RefusedException(literalAt, $"Model.{field} is {Describe(type)}; it cannot be compared {op} {literal.Text}.");
        }

        private GuideLiteral Literal(string op)
        {
            var start = _pos;
            if (At("\""))
            {
                _pos++;
                var text = new StringBuilder();
                while (_pos < s.Length && s[_pos] != '"')
                {
                    var c = s[_pos];
                    if (c is '\n' or '\r')
                    {
                        break;
                    }

                    if (c == '\\')
                    {
                        if (_pos + 1 < s.Length && s[_pos + 1] is '"' or '\\')
                        {
                            text.Append(s[_pos + 1]);
                            _pos += 2;
                            continue;
                        }

                        throw new RefusedException(_pos, "In \"text\" only \\\" and \\\\ may follow a backslash.");
                    }

                    text.Append(c);
                    _pos++;
                }

                Expect('"', "A \"text\" in the @if condition is never closed on its line.");
                return new GuideLiteral(GuideLiteralKind.Text, text.ToString());
            }

            if (At("-") || (_pos < s.Length && char.IsAsciiDigit(s[_pos])))
            {
                _pos++;
                while (_pos < s.Length && char.IsAsciiDigit(s[_pos]))
                {
                    _pos++;
                }

                var digits = s[start.._pos];
                return int.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                    ? new GuideLiteral(GuideLiteralKind.Number, digits)
                    : throw new RefusedException(start, $"'{digits}' is not a whole number the template can compare with.");
            }

            if (_pos < s.Length && IsIdentifierStart(s[_pos]))
            {
                var word = Identifier();
                switch (word)
                {
                    case "null":
                        return new GuideLiteral(GuideLiteralKind.Null, word);
                    case "true":
                        return new GuideLiteral(GuideLiteralKind.True, word);
                    case "false":
                        return new GuideLiteral(GuideLiteralKind.False, word);
                }
            }

            throw new RefusedException(start, $"After {op} the @if condition needs a number, \"text\", null, true or false.");
        }

        /// <summary>"Model.Field" where only a model field may stand.</summary>
        private string ModelField(string where)
        {
            var at = _pos;
            if (_pos >= s.Length || !IsIdentifierStart(s[_pos]))
            {
                throw new RefusedException(at, $"Expected a model field such as Model.Title {where}.");
            }

            var word = Identifier();
            if (word != "Model")
            {
                throw new RefusedException(at, $"'{word}' is not allowed {where}: only a model field such as Model.Title.");
            }

            if (!At("."))
            {
                throw new RefusedException(at, $"Expected a model field such as Model.Title {where}.");
            }

            _pos++;
            var field = FieldName();
            SkipSpace();
            if (_pos < s.Length && s[_pos] is '.' or '(' or '[' or '?')
            {
                throw new RefusedException(at, $"Nothing may follow Model.{field} {where} (no members, methods, indexes or operators other than comparisons).");
            }

            return field;
        }

        private string FieldName()
        {
            var at = _pos;
            if (_pos >= s.Length || !IsIdentifierStart(s[_pos]))
            {
                throw new RefusedException(at, "Expected a field name after 'Model.'.");
            }

            var name = Identifier();
            return GuideTemplateModel.Fields.ContainsKey(name)
                ? name
                : throw new RefusedException(at, $"'{name}' is not a field of Model; the fields are {string.Join(", ", GuideTemplateModel.Fields.Keys)}.");
        }

        private string Identifier()
        {
            var start = _pos;
            while (_pos < s.Length && (IsIdentifierStart(s[_pos]) || char.IsAsciiDigit(s[_pos])))
            {
                _pos++;
            }

            return s[start.._pos];
        }

        private bool Word(string word)
        {
            if (!At(word) || (_pos + word.Length < s.Length && (IsIdentifierStart(s[_pos + word.Length]) || char.IsAsciiDigit(s[_pos + word.Length]))))
            {
                return false;
            }

            _pos += word.Length;
            return true;
        }

        private void Expect(char c, string problem)
        {
            if (_pos >= s.Length || s[_pos] != c)
            {
                throw new RefusedException(_pos, problem);
            }

            _pos++;
        }

        private bool At(string text) => string.CompareOrdinal(s, _pos, text, 0, text.Length) == 0;

        private void SkipSpace()
        {
            while (_pos < s.Length && char.IsWhiteSpace(s[_pos]))
            {
                _pos++;
            }
        }

        private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

        private static string Printable(char c) => c == '\0' ? "" : char.IsWhiteSpace(c) ? "" : c.ToString();
    }

    private static string Describe(GuideFieldType type) => type switch
    {
        GuideFieldType.Number => "a number",
        GuideFieldType.YesNo => "yes/no",
        _ => "text",
    };
}
