using System.CommandLine;
using System.Globalization;
using RetroVue.Adapters.Demo;
using RetroVue.Adapters.Persistence;
using RetroVue.App.Ingest;
using RetroVue.App.Scheduling;
using RetroVue.App.Scheduling.Yaml;
using RetroVue.App.Sources;
using RetroVue.Cli.Hosting;
using RetroVue.Cli.Output;
using RetroVue.Domain.Library;
using RetroVue.Domain.Scheduling;

namespace RetroVue.Cli.Commands;

/// <summary>`retrovue demo`: a small generated library, registered and ingested, so a newcomer sees RetroVue work at once.</summary>
public static class DemoCommand
{
    public const string ShowsSource = "demo-shows";
    public const string MoviesSource = "demo-movies";

    /// <summary>The demo clips last seconds, so a day holds thousands of entries; the server's job extends to the full horizon later.</summary>
    public static readonly TimeSpan DemoHorizon = TimeSpan.FromDays(2);

    public static Command Build()
    {
        var path = new Option<string?>("--path") { Description = "Where to generate the demo library (default: demo-library in the data folder)." };
        var clipSeconds = new Option<int?>("--clip-seconds") { Description = "Make every clip this long instead of the default 20-60 s (quicker)." };
        var demo = new Command("demo", "Generate a small demo library with ffmpeg (two shows, two movies, varied formats), register and ingest it, and build two demo channels over it.")
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

            var channels = await host.Get<ChannelService>().ApplyAsync([new ScheduleSource(DemoChannels.FileName, DemoChannels.Yaml)], cancellationToken);
            foreach (var channel in channels)
            {
                await output.WriteLineAsync($"{channel.Outcome}: demo channel {channel.Number} '{channel.Name}'.");
            }

            foreach (var channel in channels)
            {
                var built = await host.Get<PlayoutService>().BuildAsync(new PlayoutRequest(ChannelNumber.Parse(channel.Number), DemoHorizon), cancellationToken);
                await PlayoutCommands.WriteResultsAsync(output, built);
            }

            await output.WriteLineAsync(
                "Done. See what plays with 'retrovue playout show 1', browse the library with 'retrovue library titles', "
                + "then start the server with 'retrovue serve' and open /iptv/channels.m3u in an IPTV player.");
            return 0;
        });
        return demo;
    }
}
