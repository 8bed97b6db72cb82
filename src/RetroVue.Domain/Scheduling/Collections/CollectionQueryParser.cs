using System.Globalization;
using RetroVue.Domain.Common;
using RetroVue.Domain.Library;

namespace RetroVue.Domain.Scheduling.Collections;

/// <summary>
/// Reads the collection query syntax (docs/collections.md): conditions "field [operator] value" joined by
/// not, and, or (binding in that order) and parentheses. Every error names the 1-based column it was found at.
/// </summary>
internal sealed class CollectionQueryParser
{
    public const string FieldList = "genre, tag, studio, title, kind, rating, source, year, decade, score, length or added";

    private static readonly Dictionary<string, QueryField> Fields = new(StringComparer.OrdinalIgnoreCase)
    {
        ["genre"] = QueryField.Genre,
        ["tag"] = QueryField.Tag,
        ["studio"] = QueryField.Studio,
        ["title"] = QueryField.Title,
        ["kind"] = QueryField.Kind,
        ["rating"] = QueryField.Rating,
        ["source"] = QueryField.Source,
        ["year"] = QueryField.Year,
        ["decade"] = QueryField.Decade,
        ["score"] = QueryField.Score,
        ["length"] = QueryField.Length,
        ["added"] = QueryField.Added,
    };

    private readonly List<QueryToken> _tokens;
    private int _position;

    private CollectionQueryParser(List<QueryToken> tokens) => _tokens = tokens;

    public static QueryNode Parse(string text)
    {
        var parser = new CollectionQueryParser(QueryTokenizer.Tokenize(text));
        if (parser.Peek.Kind == TokenKind.End)
        {
            throw new CollectionQueryException(1, $"the query is empty; start with a condition such as: genre = Comedy.");
        }

        var root = parser.ParseOr();
        var next = parser.Peek;
        if (next.Kind == TokenKind.CloseParen)
        {
            throw new CollectionQueryException(next.Column, "this ')' closes nothing.");
        }

        if (next.Kind != TokenKind.End)
        {
            throw parser.ExpectedJoin(next);
        }

        return root;
    }

    private QueryToken Peek => _tokens[_position];

    private QueryToken Previous => _tokens[_position - 1];

    private QueryToken Next() => _tokens[_position++];

    private QueryNode ParseOr(string? after = null)
    {
        var left = ParseAnd(after);
        while (Peek.IsWord("or"))
        {
            Next();
            left = new OrNode(left, ParseAnd("or"));
        }

        return left;
    }

    private QueryNode ParseAnd(string? after)
    {
        var left = ParseUnary(after);
        while (Peek.IsWord("and"))
        {
            Next();
            left = new AndNode(left, ParseUnary("and"));
        }

        return left;
    }

    private QueryNode ParseUnary(string? after)
    {
        var token = Peek;
        if (token.IsWord("not"))
        {
            Next();
            return new NotNode(ParseUnary("not"));
        }

        if (token.Kind == TokenKind.OpenParen)
        {
            Next();
            if (Peek.Kind == TokenKind.CloseParen)
            {
                throw new CollectionQueryException(Peek.Column, "expected a condition inside '( )'.");
            }

            var inner = ParseOr("(");
            if (Peek.Kind != TokenKind.CloseParen)
            {
                throw Peek.Kind == TokenKind.End
                    ? new CollectionQueryException(token.Column, "this '(' is never closed; add ')'.")
                    : ExpectedJoin(Peek, "')'");
            }

            Next();
            return inner;
        }

        return ParseCondition(after);
    }

    private QueryNode ParseCondition(string? after)
    {
        var token = Next();
        if (token.Kind != TokenKind.Word || !Fields.TryGetValue(token.Text, out var field))
        {
            var where = after is null ? string.Empty : $" after '{after}'";
            var got = token.Kind == TokenKind.End ? string.Empty : $", got {token.Describe()}";
            throw new CollectionQueryException(token.Column, $"expected a field ({FieldList}){where}{got}.");
        }

        if (field == QueryField.Added)
        {
            if (!Peek.IsWord("within"))
            {
                throw new CollectionQueryException(Peek.Column, $"expected 'within' after 'added' (e.g. added within 30d), got {Peek.Describe()}.");
            }

            Next();
            var span = Single(ReadValues("within"), "within");
            return new AddedWithinCondition(ParseSpan(span));
        }

        var op = "";
        if (Peek.IsWord("in"))
        {
            Next();
            op = "in";
            if (Peek.Kind is not TokenKind.OpenBracket and not TokenKind.End && !IsJoin(Peek))
            {
                throw new CollectionQueryException(Peek.Column, $"expected a list such as [a, b] after 'in', got {Peek.Describe()}.");
            }
        }
        else if (Peek.IsWord("within"))
        {
            throw new CollectionQueryException(Peek.Column, "'within' only follows 'added'.");
        }
        else if (Peek.Kind == TokenKind.Operator)
        {
            op = Next().Text;
        }

        var opToken = Previous;
        var values = ReadValues(op.Length > 0 ? op : token.Text);
        if (op is "<" or "<=" or ">" or ">=")
        {
            if (!IsNumeric(field))
            {
                throw new CollectionQueryException(opToken.Column, $"'{op}' compares numbers; {token.Text} takes '=', 'in' or a value.");
            }

            Single(values, op);
        }
        else if (op == "=")
        {
            Single(values, op);
        }

        return IsNumeric(field) ? new RangeCondition(field, values.Values.SelectMany(v => Ranges(field, op, v)).ToList()) : Text(field, values);
    }

    /// <summary>A single value or a [list]; null marks the list form.</summary>
    private (List<QueryValue> Values, bool IsList) ReadValues(string after)
    {
        var token = Peek;
        if (token.Kind is TokenKind.Word or TokenKind.Quoted && !(token.Kind == TokenKind.Word && IsJoin(token)))
        {
            Next();
            return ([new QueryValue(token.Text, token.Column)], false);
        }

        if (token.Kind != TokenKind.OpenBracket)
        {
            throw new CollectionQueryException(token.Column, $"expected a value after '{after}'{(token.Kind == TokenKind.End ? "" : $", got {token.Describe()}")}.");
        }

        Next();
        var values = new List<QueryValue>();
        while (true)
        {
            var item = Next();
            if (item.Kind is not TokenKind.Word and not TokenKind.Quoted)
            {
                var what = values.Count == 0 ? "'['" : "','";
                throw new CollectionQueryException(item.Column, $"expected a value after {what}{(item.Kind == TokenKind.End ? "" : $", got {item.Describe()}")}.");
            }

            values.Add(new QueryValue(item.Text, item.Column));
            var separator = Next();
            if (separator.Kind == TokenKind.CloseBracket)
            {
                return (values, true);
            }

            if (separator.Kind != TokenKind.Comma)
            {
                throw separator.Kind == TokenKind.End
                    ? new CollectionQueryException(token.Column, "this '[' is never closed; add ']'.")
                    : new CollectionQueryException(separator.Column, $"expected ',' or ']' in the list, got {separator.Describe()} (quote a value with spaces: \"Science Fiction\").");
            }
        }
    }

    private static QueryValue Single((List<QueryValue> Values, bool IsList) read, string after) =>
        read.IsList
            ? throw new CollectionQueryException(read.Values[0].Column - 1, $"'{after}' takes a single value, not a list; use 'in [...]' for several.")
            : read.Values[0];

    private static List<QueryValue> AsList((List<QueryValue> Values, bool IsList) read) => read.Values;

    private static TextCondition Text(QueryField field, (List<QueryValue> Values, bool IsList) read)
    {
        var values = new List<QueryValue>();
        foreach (var value in AsList(read))
        {
            values.Add(new QueryValue(NormalizeText(field, value), value.Column));
        }

        return new TextCondition(field, values);
    }

    private static string NormalizeText(QueryField field, QueryValue value)
    {
        try
        {
            switch (field)
            {
                case QueryField.Genre or QueryField.Tag or QueryField.Studio:
                    return TagName.Parse($"The {field.ToString().ToLowerInvariant()} value", value.Text).Normalized;
                case QueryField.Kind:
                    return value.Text.ToLowerInvariant() switch
                    {
                        "movie" or "movies" => nameof(TitleKind.Movie),
                        "show" or "shows" or "series" => nameof(TitleKind.Show),
                        _ => throw new CollectionQueryException(value.Column, $"kind is 'movie' or 'show', not '{value.Text}'."),
                    };
                default:
                    PrintableText.Require($"The {field.ToString().ToLowerInvariant()} value", value.Text);
                    var trimmed = value.Text.Trim();
                    if (trimmed.Length == 0)
                    {
                        throw new DomainException($"The {field.ToString().ToLowerInvariant()} value is empty.");
                    }

                    if (trimmed.Length > 200)
                    {
                        throw new DomainException($"The {field.ToString().ToLowerInvariant()} value is {trimmed.Length} characters long; at most 200.");
                    }

                    return field == QueryField.Title ? Title.Normalize(trimmed) : trimmed;
            }
        }
        catch (DomainException e) when (e is not CollectionQueryException)
        {
            throw new CollectionQueryException(value.Column, LowerFirst(e.Message));
        }
    }

    private static IEnumerable<NumberRange> Ranges(QueryField field, string op, QueryValue value)
    {
        if (field == QueryField.Decade)
        {
            if (op is "<" or "<=" or ">" or ">=")
            {
                throw new CollectionQueryException(value.Column, "decade takes '=', 'in' or a value such as 1980s; compare with 'year' instead.");
            }

            var text = value.Text.EndsWith('s') ? value.Text[..^1] : value.Text;
            if (text.Length != 4 || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var start) || start % 10 != 0)
            {
                throw new CollectionQueryException(value.Column, $"expected a decade such as 1980s, got '{value.Text}'.");
            }

            yield return new NumberRange(start, true, start + 9, true);
            yield break;
        }

        var dots = value.Text.IndexOf("..", StringComparison.Ordinal);
        if (dots >= 0)
        {
            if (op.Length > 0 && op != "in")
            {
                throw new CollectionQueryException(value.Column, $"a range follows the field directly (e.g. {FieldName(field)} {value.Text}), not '{op}'.");
            }

            var low = Number(field, new QueryValue(value.Text[..dots], value.Column));
            var high = Number(field, new QueryValue(value.Text[(dots + 2)..], value.Column + dots + 2));
            if (low > high)
            {
                throw new CollectionQueryException(value.Column, $"the range {value.Text} runs backwards; put the smaller end first.");
            }

            yield return new NumberRange(low, true, high, true);
            yield break;
        }

        var number = Number(field, value);
        yield return op switch
        {
            "<" => new NumberRange(double.NegativeInfinity, true, number, false),
            "<=" => new NumberRange(double.NegativeInfinity, true, number, true),
            ">" => new NumberRange(number, false, double.PositiveInfinity, true),
            ">=" => new NumberRange(number, true, double.PositiveInfinity, true),
            _ => new NumberRange(number, true, number, true),
        };
    }

    private static double Number(QueryField field, QueryValue value)
    {
        var text = value.Text.Trim();
        switch (field)
        {
            case QueryField.Year:
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1800 and <= 2999
                    ? year
                    : throw new CollectionQueryException(value.Column, $"expected a year such as 1985, got '{value.Text}'.");
            case QueryField.Score:
                return double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var score) && score is >= 0 and <= 10
                    ? score
                    : throw new CollectionQueryException(value.Column, $"expected a score from 0 to 10 such as 7.5, got '{value.Text}'.");
            default:
                return ParseLength(text) is { } length
                    ? length.TotalSeconds
                    : throw new CollectionQueryException(value.Column, $"expected a length such as 25m, 1h30m or 90s, got '{value.Text}'.");
        }
    }

    /// <summary>"1h30m", "25m", "90s": whole numbers with units h, m, s, largest first.</summary>
    private static TimeSpan? ParseLength(string text) => ParseUnits(text, "hms", unit => unit switch
    {
        'h' => TimeSpan.FromHours(1),
        'm' => TimeSpan.FromMinutes(1),
        _ => TimeSpan.FromSeconds(1),
    });

    private static TimeSpan ParseSpan(QueryValue value) =>
        ParseUnits(value.Text.Trim(), "wdh", unit => unit switch
        {
            'w' => TimeSpan.FromDays(7),
            'd' => TimeSpan.FromDays(1),
            _ => TimeSpan.FromHours(1),
        }) ?? throw new CollectionQueryException(value.Column, $"expected a span such as 30d, 2w or 12h after 'within', got '{value.Text}'.");

    private static TimeSpan? ParseUnits(string text, string units, Func<char, TimeSpan> unitLength)
    {
        var total = TimeSpan.Zero;
        var i = 0;
        var lastUnit = -1;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start || i == text.Length || i - start > 6)
            {
                return null;
            }

            var unit = units.IndexOf(char.ToLowerInvariant(text[i]), StringComparison.Ordinal);
            if (unit <= lastUnit)
            {
                return null;
            }

            total += unitLength(units[unit]) * int.Parse(text.AsSpan(start, i - start), CultureInfo.InvariantCulture);
            lastUnit = unit;
            i++;
        }

        return total > TimeSpan.Zero ? total : null;
    }

    private static bool IsNumeric(QueryField field) => field is QueryField.Year or QueryField.Decade or QueryField.Score or QueryField.Length;

    private static bool IsJoin(QueryToken token) => token.IsWord("and") || token.IsWord("or");

    private static string FieldName(QueryField field) => field.ToString().ToLowerInvariant();

    private static string LowerFirst(string text) => text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : text;

    private CollectionQueryException ExpectedJoin(QueryToken token, string? closer = null)
    {
        var expected = closer is null ? "'and', 'or' or the end of the query" : $"'and', 'or' or {closer}";
        var hint = token.Kind == TokenKind.Word && Previous.Kind is TokenKind.Word or TokenKind.Quoted
            ? $" (quote a value with spaces: \"{Previous.Text} {token.Text}\")"
            : string.Empty;
        return new CollectionQueryException(token.Column, $"expected {expected}, got {token.Describe()}{hint}.");
    }
}
