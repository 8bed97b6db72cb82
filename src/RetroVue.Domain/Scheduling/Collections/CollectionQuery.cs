namespace RetroVue.Domain.Scheduling.Collections;

/// <summary>
/// A smart collection's query as text and parsed. Parsing checks everything the text alone can tell; what needs the
/// world (which sources exist, what "now" is) is checked when the query is bound (<see cref="Bind"/>).
/// </summary>
public sealed class CollectionQuery
{
    /// <summary>Longer queries are refused: a query is typed by a person, and the admin sends it on every keystroke.</summary>
    public const int MaxLength = 4000;

    private CollectionQuery(string text, QueryNode root)
    {
        Text = text;
        Root = root;
    }

    public string Text { get; }

    internal QueryNode Root { get; }

    /// <summary>Reads <paramref name="text"/>; a <see cref="CollectionQueryException"/> names the column of the first problem.</summary>
    public static CollectionQuery Parse(string? text)
    {
        text ??= string.Empty;
        if (text.Length > MaxLength)
        {
            throw new CollectionQueryException(MaxLength + 1, $"the query is {text.Length} characters long; at most {MaxLength}.");
        }

        return new CollectionQuery(text.Trim(), CollectionQueryParser.Parse(text.Trim()));
    }

    /// <summary>The query ready to match items: source names resolved, "added within" measured back from <see cref="QueryContext.Now"/>.</summary>
    public CollectionFilter Bind(QueryContext context) => CollectionFilter.Compile(this, context);

    public override string ToString() => Text;
}

/// <summary>What a query is evaluated against besides the catalog: the instant it runs at and the sources by name.</summary>
public sealed class QueryContext
{
    private readonly Dictionary<string, Guid> _sources;

    public QueryContext(DateTimeOffset now, IEnumerable<KeyValuePair<string, Guid>> sourcesByName)
    {
        Now = now;
        _sources = new Dictionary<string, Guid>(sourcesByName, StringComparer.OrdinalIgnoreCase);
    }

    public DateTimeOffset Now { get; }

    public Guid? SourceNamed(string name) => _sources.TryGetValue(name, out var id) ? id : null;
}
