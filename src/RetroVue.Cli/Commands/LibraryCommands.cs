using System.CommandLine;
using System.Globalization;
using RetroVue.App.Library;
using RetroVue.Cli.Hosting;
using RetroVue.Cli.Output;

namespace RetroVue.Cli.Commands;

/// <summary>`retrovue library titles|episodes|assets`: what the catalog holds.</summary>
public static class LibraryCommands
{
    public static Command Build()
    {
        var library = new Command("library", "Browse the catalog.");
        library.Subcommands.Add(Build(
            "titles",
            "List shows and movies.",
            (queries, search, limit, ct) => queries.TitlesAsync(search, limit, ct),
            ["KIND", "TITLE", "YEAR", "SEASONS", "EPISODES", "FILES", "ID"],
            t => [t.Kind, t.Name, t.Year?.ToString(CultureInfo.InvariantCulture), t.Seasons.ToString(CultureInfo.InvariantCulture), t.Episodes.ToString(CultureInfo.InvariantCulture), t.Assets.ToString(CultureInfo.InvariantCulture), t.Id.ToString()],
            "No titles yet: add a source and run 'retrovue ingest'."));
        library.Subcommands.Add(Build(
            "episodes",
            "List episodes.",
            (queries, search, limit, ct) => queries.EpisodesAsync(search, limit, ct),
            ["SHOW", "EPISODE", "NAME", "AIRED", "FILES"],
            e => [e.Show, $"S{e.Season:00}E{e.Episode:00}", e.Name, e.AirDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), e.Assets.ToString(CultureInfo.InvariantCulture)],
            "No episodes found."));
        library.Subcommands.Add(Build(
            "assets",
            "List files with their probe facts.",
            (queries, search, limit, ct) => queries.AssetsAsync(search, limit, ct),
            ["PATH", "STATE", "PROBE", "DURATION", "VIDEO", "AUDIO", "TITLE", "EPISODES"],
            a =>
            [
                a.Path, a.State, a.ProbeStatus,
                a.DurationSeconds is { } d ? TimeSpan.FromSeconds(d).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : null,
                a.VideoCodec is null ? null : string.Create(CultureInfo.InvariantCulture, $"{a.VideoCodec} {a.Width}x{a.Height} {a.FrameRate:0.##}"),
                a.AudioCodec is null ? null : $"{a.AudioCodec} {a.AudioChannels}ch",
                a.Title, string.Join(' ', a.Episodes),
            ],
            "No files found."));
        return library;
    }

    private static Command Build<T>(
        string name,
        string description,
        Func<LibraryQueries, string?, int, CancellationToken, Task<IReadOnlyList<T>>> query,
        IReadOnlyList<string> headers,
        Func<T, IReadOnlyList<string?>> row,
        string emptyMessage)
    {
        var search = new Option<string?>("--search") { Description = "Only items whose name (or path) contains this text." };
        var limit = new Option<int>("--limit")
        {
            Description = $"At most this many rows (default {LibraryQueries.DefaultLimit}).",
            DefaultValueFactory = _ => LibraryQueries.DefaultLimit,
        };
        var command = new Command(name, description) { search, limit, GlobalOptions.Json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var rows = await query(host.Get<LibraryQueries>(), parseResult.GetValue(search), Math.Max(1, parseResult.GetValue(limit)), cancellationToken);
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(GlobalOptions.Json))
            {
                await JsonOutput.WriteAsync(output, rows);
            }
            else
            {
                TableOutput.Write(output, headers, rows.Select(row), emptyMessage);
            }

            return 0;
        });
        return command;
    }
}
