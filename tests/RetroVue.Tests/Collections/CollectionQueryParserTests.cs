using RetroVue.Domain.Scheduling.Collections;

namespace RetroVue.Tests.Collections;

public sealed class CollectionQueryParserTests
{
    [Theory]
    [InlineData("genre in [Comedy, \"Science Fiction\"] and year 1980..1989 and not tag kids")]
    [InlineData("kind movie and rating in [PG, PG-13] and score >= 7 and studio = BBC")]
    [InlineData("source = \"Plex-Home\" and length 20m..40m and added within 30d and decade 1990s")]
    [InlineData("(genre = comedy or genre = drama) and not (tag kids or rating = G)")]
    [InlineData("GENRE IN [comedy] AND NOT TAG Kids OR Kind = Show")]
    [InlineData("year < 1970 or year > 1999 or year <= 1950 or year >= 2020 or year = 1985 or year in [1990, 2000..2005]")]
    [InlineData("title = \"The \\\"Odd\\\" Couple\" or title Taxi")]
    [InlineData("length >= 1h30m and length < 90s")]
    public void Documented_forms_parse(string text)
    {
        var query = CollectionQuery.Parse(text);

        Assert.Equal(text, query.Text);
    }

    [Theory]
    [InlineData("", 1, "the query is empty")]
    [InlineData("   ", 1, "the query is empty")]
    [InlineData("genre in [Comedy] and tag in", 29, "expected a value after 'in'")]
    [InlineData("genre in and year 1980", 10, "expected a value after 'in', got 'and'")]
    [InlineData("genre in Comedy", 10, "expected a list such as [a, b] after 'in', got 'Comedy'")]
    [InlineData("genre in []", 11, "expected a value after '['")]
    [InlineData("genre in [Comedy,]", 18, "expected a value after ','")]
    [InlineData("genre in [Comedy", 10, "this '[' is never closed")]
    [InlineData("genre in [Comedy Drama]", 18, "expected ',' or ']' in the list, got 'Drama'")]
    [InlineData("genre = Science Fiction", 17, "expected 'and', 'or' or the end of the query, got 'Fiction' (quote a value with spaces: \"Science Fiction\")")]
    [InlineData("colour = red", 1, "expected a field (genre, tag, studio, title, kind, rating, source, year, decade, score, length or added), got 'colour'")]
    [InlineData("genre = Comedy and", 19, "expected a field")]
    [InlineData("not", 4, "expected a field")]
    [InlineData("genre =", 8, "expected a value after '='")]
    [InlineData("genre = [a, b]", 9, "'=' takes a single value, not a list")]
    [InlineData("(genre = Comedy", 1, "this '(' is never closed")]
    [InlineData("genre = Comedy)", 15, "this ')' closes nothing")]
    [InlineData("()", 2, "expected a condition inside '( )'")]
    [InlineData("(genre = a genre = b)", 12, "expected 'and', 'or' or ')'")]
    [InlineData("genre = \"Comedy", 9, "this quoted value has no closing '\"'")]
    [InlineData("genre != Comedy", 7, "'!' is not an operator")]
    [InlineData("genre > Comedy", 7, "'>' compares numbers")]
    [InlineData("year 19x5", 6, "expected a year such as 1985, got '19x5'")]
    [InlineData("year 1980..19x9", 12, "expected a year such as 1985, got '19x9'")]
    [InlineData("year 1990..1980", 6, "the range 1990..1980 runs backwards")]
    [InlineData("year >= 1980..1989", 9, "a range follows the field directly")]
    [InlineData("decade 1985s", 8, "expected a decade such as 1980s")]
    [InlineData("decade >= 1980s", 11, "decade takes '=', 'in' or a value")]
    [InlineData("score > 11", 9, "expected a score from 0 to 10")]
    [InlineData("length 25", 8, "expected a length such as 25m, 1h30m or 90s, got '25'")]
    [InlineData("length 30m1h", 8, "expected a length such as 25m")]
    [InlineData("added 30d", 7, "expected 'within' after 'added'")]
    [InlineData("added within 30", 14, "expected a span such as 30d, 2w or 12h")]
    [InlineData("added within", 13, "expected a value after 'within'")]
    [InlineData("year within 3d", 6, "'within' only follows 'added'")]
    [InlineData("kind = episode", 8, "kind is 'movie' or 'show', not 'episode'")]
    [InlineData("genre = \"  \"", 9, "the genre value is empty")]
    public void A_query_that_does_not_read_names_the_column_and_what_was_expected(string text, int column, string expected)
    {
        var error = Assert.Throws<CollectionQueryException>(() => CollectionQuery.Parse(text));

        Assert.Equal(column, error.Column);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"column {column}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tag_of_300_characters_is_refused_at_its_column()
    {
        var error = Assert.Throws<CollectionQueryException>(() => CollectionQuery.Parse($"kind movie and tag = \"{new string('x', 300)}\""));

        Assert.Equal(22, error.Column);
        Assert.Contains("300 characters long", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_control_character_inside_a_quoted_tag_is_refused_at_its_column()
    {
        var error = Assert.Throws<CollectionQueryException>(() => CollectionQuery.Parse("tag = \"ki\u0007ds\""));

        Assert.Equal(7, error.Column);
        Assert.Contains("control character (U+0007)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_control_character_outside_quotes_is_refused_at_its_column()
    {
        var error = Assert.Throws<CollectionQueryException>(() => CollectionQuery.Parse("tag = kids \u001B and year 1980"));

        Assert.Equal(12, error.Column);
        Assert.Contains("U+001B", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_query_longer_than_the_limit_is_refused()
    {
        var text = string.Join(" or ", Enumerable.Repeat("tag = kids", 400));

        var error = Assert.Throws<CollectionQueryException>(() => CollectionQuery.Parse(text));

        Assert.Contains($"at most {CollectionQuery.MaxLength}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_breaks_and_tabs_separate_words_like_spaces()
    {
        Assert.Equal("genre = Comedy\n\tand year 1980", CollectionQuery.Parse("genre = Comedy\n\tand year 1980").Text);
    }
}
