using System.CommandLine;
using System.Globalization;
using RetroVue.Adapters.Demo;
using RetroVue.Adapters.Persistence;
using RetroVue.App.Ingest;
using RetroVue.App.Sources;
using RetroVue.Cli.Hosting;
using RetroVue.Cli.Output;
using RetroVue.Domain.Library;

namespace RetroVue.Cli.Commands;

/// <summary>`retrovue demo`: a small generated library, registered and ingested, so a newcomer sees RetroVue work at once.</summary>
public static class DemoCommand
{
    public const string ShowsSource = "demo-shows";
    public const string MoviesSource = "demo-movies";

    public static Command Build()
    {
        var path = new Option<string?>("--path") { Description = "Where to generate the demo library (default: demo-library in the data folder)." };
        var clipSeconds = new Option<int?>("--clip-seconds") { Description = "Make every clip this long instead of the default 20-60 s (quicker)." };
        var demo = new Command("demo", "Generate a small demo library with ffmpeg (two shows, two movies, varied formats), register it as sources and ingest it.")
        {
            path,
            clipSeconds,
        };
        demo.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var output = parseResult.InvocationConfiguration.Output;
            var root = Path.GetFullPath(parseResult.GetValue(path)
                ?? Path.Combine(DatabaseSettings.From(host.Configuration, parseResult.GetValue(GlobalOptions.DataDirectory)).DataDirectory, "demo-library"));

            await output.WriteLineAsync($"Generating the demo library in {root} ...");
            var options = new DemoGenerationOptions(parseResult.GetValue(clipSeconds) is { } seconds ? TimeSpan.FromSeconds(Math.Clamp(seconds, 1, 600)) : null);
            var generated = await host.Get<DemoLibraryGenerator>().GenerateAsync(root, options, new Progress<string>(line => output.WriteLine("  " + line)), cancellationToken);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {generated.Created.Count} files made, {generated.Skipped.Count} already there."));

            var sources = host.Get<SourceService>();
            var existing = (await sources.ListAsync(cancellationToken)).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var (name, folder, kind) in new[]
                     {
                         (ShowsSource, Path.Combine(root, DemoLibraryPlan.ShowsFolder), SourceContentKind.Shows),
                         (MoviesSource, Path.Combine(root, DemoLibraryPlan.MoviesFolder), SourceContentKind.Movies),
                     })
            {
                if (!existing.Contains(name))
                {
                    await sources.AddFilesystemAsync(name, folder, kind, cancellationToken);
                    await output.WriteLineAsync($"Added source '{name}' ({folder}).");
                }

                var display = new IngestProgressDisplay(output);
                IngestSummary summary;
                try
                {
                    summary = await host.Get<IngestService>().IngestAsync(name, display, cancellationToken);
                }
                finally
                {
                    display.Finish();
                }

                IngestProgressDisplay.WriteSummary(output, summary);
            }

            await output.WriteLineAsync("Done. Browse it with 'retrovue library titles', then start the server with 'retrovue serve'.");
            return 0;
        });
        return demo;
    }
}
