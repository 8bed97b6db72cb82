using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RetroVue.Domain.Library;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Cli;

/// <summary>The README's first run, through the real `retrovue` program.</summary>
public sealed class DemoEndToEndTests
{
    [Fact]
    public async Task Demo_generates_registers_and_ingests_a_library_and_a_second_ingest_changes_nothing()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var cli = new CliRunner(database);
        var library = Path.Combine(Path.GetTempPath(), "rv-demo-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var demo = await cli.RunAsync("demo", "--path", library, "--clip-seconds", "1");
            Assert.True(demo.ExitCode == 0, demo.StandardError);
            Assert.DoesNotContain("\u001b[", demo.StandardOutput);
            Assert.Contains("demo-shows: 11 files found", demo.StandardOutput);
            Assert.Contains("11 added", demo.StandardOutput);
            Assert.Contains("demo-movies: 2 files found", demo.StandardOutput);

            var titles = await cli.RunAsync("library", "titles", "--json");
            using var json = JsonDocument.Parse(titles.StandardOutput);
            var names = json.RootElement.EnumerateArray().Select(t => t.GetProperty("name").GetString()).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(["Color Bars Forever", "Mandelbrot Journey", "Test Pattern Theater", "The Sine Wave Show"], names);
            await using (var db = TestPostgres.CreateContext(database))
            {
                // Every show and movie has a poster the guide can show as its programme icon.
                var posters = await db.Titles.Select(t => t.Poster).ToListAsync();
                Assert.All(posters, p => Assert.True(p is { Kind: ArtworkKind.LocalFile } && File.Exists(p.Location), p?.Location));
            }

            var again = await cli.RunAsync("ingest", "--json");
            Assert.Equal(0, again.ExitCode);
            using var summaries = JsonDocument.Parse(again.StandardOutput);
            Assert.All(summaries.RootElement.EnumerateArray(), s =>
            {
                Assert.Equal(0, s.GetProperty("added").GetInt32());
                Assert.Equal(0, s.GetProperty("probed").GetInt32());
                Assert.Equal(s.GetProperty("filesFound").GetInt32(), s.GetProperty("unchanged").GetInt32());
            });

            var review = await cli.RunAsync("review", "list");
            Assert.Equal("The review queue is empty.", review.StandardOutput.Trim());
        }
        finally
        {
            Directory.Delete(library, recursive: true);
        }
    }
}
