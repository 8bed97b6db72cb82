using RetroVue.App.Guide.Templates;

namespace RetroVue.Tests.Guide;

/// <summary>
/// A guide template is C# compiled and run on the server. Everything outside the documented subset is refused by the
/// check that runs before compiling, with the template's line and a message saying what is allowed instead.
/// </summary>
public sealed class GuideTemplateSafetyTests
{
    private static GuideTemplateError Refused(string template)
    {
        var error = GuideTemplateParser.Check(template);
        Assert.True(error is not null, $"'{template}' was accepted");
        return error!;
    }

    [Theory]
    [InlineData("@System.IO.File.ReadAllText(\"/etc/passwd\")", "'@System' is not allowed")]
    [InlineData("@global::System.IO.File.Delete(\"x\")", "'@global' is not allowed")]
    [InlineData("@Environment.Exit(1)", "'@Environment' is not allowed")]
    [InlineData("@{ var text = System.IO.File.ReadAllText(\"/etc/passwd\"); }", "Code blocks (@{ ... }) are not allowed")]
    [InlineData("@functions { public string X() => \"\"; }", "The @functions directive is not allowed")]
    [InlineData("@using System.IO", "The @using directive is not allowed")]
    [InlineData("@inject System.IServiceProvider Services", "The @inject directive is not allowed")]
    [InlineData("@inherits System.Object", "The @inherits directive is not allowed")]
    [InlineData("@model System.Object", "The @model directive is not allowed")]
    [InlineData("@section Head { x }", "The @section directive is not allowed")]
    [InlineData("@(typeof(System.IO.File).Assembly)", "'typeof' is not allowed inside @( )")]
    [InlineData("@(new System.Net.Http.HttpClient())", "'new' is not allowed inside @( )")]
    [InlineData("@(Model.Title + System.IO.File.ReadAllText(\"/etc/passwd\"))", "Only one model field goes inside @( )")]
    [InlineData("@Model.GetType()", "'GetType' is not a field of Model")]
    [InlineData("@Model.Title.GetType().Assembly", "Nothing may follow Model.Title")]
    [InlineData("@Model.Title.Length", "Nothing may follow Model.Title")]
    [InlineData("@Model.Title?.Length", "Nothing may follow Model.Title")]
    [InlineData("@Model.Title[0]", "Nothing may follow Model.Title")]
    [InlineData("@Model.Summary()", "is a field, not a method")]
    [InlineData("@while (true) { x }", "@while is not allowed: a guide template has no loops or statements")]
    [InlineData("@for (var i = 0; i < 1000000000; i++) { x }", "@for is not allowed")]
    [InlineData("@foreach (var c in Model.Title) { x }", "@foreach is not allowed")]
    [InlineData("@do { x } while (true)", "@do is not allowed")]
    [InlineData("@await System.Threading.Tasks.Task.Delay(100000)", "@await is not allowed")]
    [InlineData("@if (System.IO.File.Exists(\"/etc/passwd\")) { x }", "'System' is not allowed in an @if condition")]
    [InlineData("@if (Model.Title.Length > 3) { x }", "Nothing may follow Model.Title in an @if condition")]
    [InlineData("@if (Model.Season > 1 || Model.GetType() == null) { x }", "'GetType' is not a field of Model")]
    [InlineData("@if (Model.Season == \"1\") { x }", "Model.Season is a number; it cannot be compared == 1")]
    [InlineData("@if (Model.Title) { x }", "Model.Title is text, not yes/no")]
    [InlineData("@if (Model.IsMovie) { x } @else { y }", "'else' must follow the closing } of an @if")]
    [InlineData("@Upper(System.IO.File.ReadAllText(\"/etc/passwd\"))", "'System' is not allowed inside @Upper( )")]
    [InlineData("@Truncate(Model.Summary, 99999)", "@Truncate needs a whole number from 1 to 1000")]
    [InlineData("@Pad(Model.Title, 2)", "@Pad takes a number field")]
    [InlineData("@Raw(\"<b>\")", "'@Raw' is not allowed")]
    [InlineData("@WriteLiteral(\"x\")", "'@WriteLiteral' is not allowed")]
    [InlineData("@: text", "'@:' is not allowed")]
    [InlineData("user@example.com", "'@example' is not allowed")]
    [InlineData("@* never closed", "The comment @* is never closed")]
    public void A_template_outside_the_safe_subset_is_refused_before_compiling_with_a_clear_message(string template, string message)
    {
        var error = Refused(template);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void A_refused_construct_is_reported_at_its_line_of_the_template()
    {
        var error = Refused("@Model.Title\n@if (Model.IsMovie) { Film }\nSeason @Model.Season\n  @System.IO.File.ReadAllText(\"/etc/passwd\")\n");

        Assert.Equal(4, error.Line);
        Assert.Contains("'@System' is not allowed", error.Message, StringComparison.Ordinal);
        Assert.Contains("@Model.Title", error.Message, StringComparison.Ordinal); // says what is allowed instead
    }

    [Fact]
    public void A_one_megabyte_template_is_refused_by_its_length_before_it_is_read()
    {
        var error = Refused(string.Concat(Enumerable.Repeat("@Model.Title ", 1024 * 1024 / 13 + 1)));

        Assert.Equal(1, error.Line);
        Assert.Contains("a guide template may have at most 4,000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deeply_nested_ifs_are_refused_rather_than_recursed_into()
    {
        var template = string.Concat(Enumerable.Repeat("@if (Model.IsMovie) {", 9)) + "x" + new string('}', 9);

        Assert.Contains("nested at most 8 deep", Refused(template).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_documented_constructs_are_accepted()
    {
        string[] accepted =
        [
            "@Model.Title",
            "@(Model.Title) (@Model.Year)",
            "Mail us: tv@@example.com @* a comment *@",
            "@Upper(Model.Title) @Lower(Model.Category) @Truncate(Model.Summary, 200) S@Pad(Model.Season, 2)E@Pad(Model.Episode, 2)",
            "@if (Model.IsEpisode && Model.Season != null) { @Model.EpisodeCode } else if (Model.Kind == \"movie\") {<text>Film (@Model.Year)</text>} else { @Model.Title }",
            "@if (!(Model.DurationMinutes >= 60) || Model.IsFiller == false) { short }",
            "Ends with a sentence. @Model.Title.",
            "Excited @Model.Title!",
        ];

        Assert.All(accepted, template => Assert.Null(GuideTemplateParser.Check(template)));
    }
}
