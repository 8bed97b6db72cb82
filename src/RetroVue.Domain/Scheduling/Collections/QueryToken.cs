namespace RetroVue.Domain.Scheduling.Collections;

internal enum TokenKind
{
    Word,
    Quoted,
    OpenParen,
    CloseParen,
    OpenBracket,
    CloseBracket,
    Comma,
    Operator,
    End,
}

/// <summary>One piece of a query; <see cref="Column"/> is 1-based.</summary>
internal sealed record QueryToken(TokenKind Kind, string Text, int Column)
{
    public bool IsWord(string word) => Kind == TokenKind.Word && string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);

    /// <summary>How an error message names the token.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.End => "the end of the query",
        TokenKind.Quoted => $"\"{Text}\"",
        _ => $"'{Text}'",
    };
}

/// <summary>Splits a query into words, quoted texts, brackets, commas and comparison operators.</summary>
internal static class QueryTokenizer
{
    private const string Punctuation = "()[],\"=<>!";

    public static List<QueryToken> Tokenize(string text)
    {
        var tokens = new List<QueryToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var column = i + 1;
            if (char.IsControl(c) || (char.IsSurrogate(c) && !IsPair(text, i)))
            {
                throw new CollectionQueryException(column, $"the query contains a control or broken character (U+{(int)c:X4}); remove it.");
            }

            switch (c)
            {
                case '(':
                    tokens.Add(new QueryToken(TokenKind.OpenParen, "(", column));
                    i++;
                    continue;
                case ')':
                    tokens.Add(new QueryToken(TokenKind.CloseParen, ")", column));
                    i++;
                    continue;
                case '[':
                    tokens.Add(new QueryToken(TokenKind.OpenBracket, "[", column));
                    i++;
                    continue;
                case ']':
                    tokens.Add(new QueryToken(TokenKind.CloseBracket, "]", column));
                    i++;
                    continue;
                case ',':
                    tokens.Add(new QueryToken(TokenKind.Comma, ",", column));
                    i++;
                    continue;
                case '"':
                    i = ReadQuoted(text, i, tokens);
                    continue;
                case '=':
                    tokens.Add(new QueryToken(TokenKind.Operator, "=", column));
                    i++;
                    continue;
                case '<' or '>':
                    var op = i + 1 < text.Length && text[i + 1] == '=' ? $"{c}=" : c.ToString();
                    tokens.Add(new QueryToken(TokenKind.Operator, op, column));
                    i += op.Length;
                    continue;
                case '!':
                    throw new CollectionQueryException(column, "'!' is not an operator; write 'not' before a condition instead.");
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && !char.IsControl(text[i]) && Punctuation.IndexOf(text[i], StringComparison.Ordinal) < 0)
            {
                i++;
            }

            tokens.Add(new QueryToken(TokenKind.Word, text[start..i], column));
        }

        tokens.Add(new QueryToken(TokenKind.End, string.Empty, text.Length + 1));
        return tokens;
    }

    /// <summary>A double-quoted text; \" and \\ stand for a quote and a backslash.</summary>
    private static int ReadQuoted(string text, int open, List<QueryToken> tokens)
    {
        var value = new System.Text.StringBuilder();
        var i = open + 1;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"')
            {
                tokens.Add(new QueryToken(TokenKind.Quoted, value.ToString(), open + 1));
                return i + 1;
            }

            if (c == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\')
            {
                value.Append(text[i + 1]);
                i += 2;
                continue;
            }

            value.Append(c);
            i++;
        }

        throw new CollectionQueryException(open + 1, "this quoted value has no closing '\"'.");
    }

    private static bool IsPair(string text, int i) =>
        (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        || (char.IsLowSurrogate(text[i]) && i > 0 && char.IsHighSurrogate(text[i - 1]));
}
