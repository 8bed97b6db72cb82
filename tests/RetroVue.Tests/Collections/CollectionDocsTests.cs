using System.Text.RegularExpressions;
using RetroVue.Domain.Scheduling.Collections;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Collections;

public sealed partial class CollectionDocsTests
{
    [Fact]
    public void Every_example_query_in_the_docs_parses()
    {
        var markdown = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "collections.md"));
        var examples = ExampleBlock().Match(markdown).Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.True(examples.Length >= 5);
        Assert.All(examples, e => CollectionQuery.Parse(e));
    }

    [GeneratedRegex("```query\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();
}
