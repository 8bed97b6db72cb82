using RetroVue.Domain.Common;
using RetroVue.Domain.Library;

namespace RetroVue.Tests.Domain;

public sealed class TagNameTests
{
    [Theory]
    [InlineData("Comedy", "Comedy", "comedy")]
    [InlineData("  Science   Fiction ", "Science Fiction", "science fiction")]
    [InlineData("Science\tFiction", "Science Fiction", "science fiction")]
    [InlineData("ÉMISSION Jeunesse", "ÉMISSION Jeunesse", "émission jeunesse")]
    public void A_label_from_a_source_is_trimmed_collapsed_and_compared_without_case(string given, string display, string normalized)
    {
        var name = TagName.FromSource(given);

        Assert.Equal(display, name?.Display);
        Assert.Equal(normalized, name?.Normalized);
        Assert.Equal(normalized, TagName.Normalize(given));
    }

    [Fact]
    public void Control_characters_in_a_label_from_a_source_are_dropped_rather_than_failing_the_sync()
    {
        Assert.Equal("Kids", TagName.FromSource("Ki\u0000d\u001Bs\u0085")?.Display);
        Assert.Null(TagName.FromSource("\u0001\u0002 "));
        Assert.Null(TagName.FromSource("   "));
        Assert.Equal("Anime \U0001F338", TagName.FromSource("Anime \U0001F338\uD800")?.Display);
    }

    [Fact]
    public void A_300_character_label_from_a_source_is_cut_to_the_limit_without_splitting_a_character()
    {
        var cut = TagName.FromSource(new string('a', 300));
        Assert.Equal(TagName.MaxLength, cut?.Display.Length);

        var emojiAtTheEdge = new string('b', TagName.MaxLength - 1) + "\U0001F600" + "tail";
        var edge = TagName.FromSource(emojiAtTheEdge)!.Value.Display;
        Assert.Equal(TagName.MaxLength - 1, edge.Length);
        Assert.False(char.IsHighSurrogate(edge[^1]));
    }

    [Fact]
    public void Labels_of_one_list_are_kept_once_in_their_first_spelling()
    {
        var names = TagName.DistinctFromSource(["Comedy", "comedy ", null, "COMEDY", "Drama", "\u0007"]);

        Assert.Equal(["Comedy", "Drama"], names.Select(n => n.Display));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("   ", "is empty")]
    [InlineData("Ki\u001Bds", "control character (U+001B) at position 3")]
    public void A_label_an_operator_types_is_refused_with_a_message_naming_the_field(string typed, string expected)
    {
        var error = Assert.Throws<DomainException>(() => TagName.Parse("genre", typed));

        Assert.StartsWith("genre ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_300_character_label_an_operator_types_is_refused_not_cut()
    {
        var error = Assert.Throws<DomainException>(() => TagName.Parse("tag", new string('x', 300)));

        Assert.Equal("tag is 300 characters long; a genre, tag or studio name has at most 100.", error.Message);
    }
}
