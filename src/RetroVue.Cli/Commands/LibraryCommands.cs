using System.CommandLine;
using System.Globalization;
using RetroVue.App.Library;
using RetroVue.Cli.Hosting;
using RetroVue.Cli.Output;

namespace RetroVue.Cli.Commands;

/// <summary>`retrovue library titles|labels|episodes|assets`: what the catalog holds.</summary>
public static class LibraryCommands
{
    public static Command Build()
    {
        var library = new Command("library", "Browse the catalog.");
        library.Subcommands.Add(BuildTitles());
        library.Subcommands.Add(BuildLabels());
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

    /// <summary>`library titles`: shows and movies with their labels, optionally only those with one genre, tag or studio.</summary>
    private static Command BuildTitles()
    {
        var search = new Option<string?>("--search") { Description = "Only titles whose name contains this text." };
        var genre = new Option<string?>("--genre") { Description = "Only titles with this genre (case and spacing do not matter)." };
        var tag = new Option<string?>("--tag") { Description = "Only titles with this tag (a Plex collection or label, an NFO tag, a Jellyfin tag)." };
        var studio = new Option<string?>("--studio") { Description = "Only titles from this studio or network." };
        var limit = new Option<int>("--limit")
        {
            Description = $"At most this many rows (default {LibraryQueries.DefaultLimit}).",
            DefaultValueFactory = _ => LibraryQueries.DefaultLimit,
        };
        var command = new Command("titles", "List shows and movies with their genres, tags and studios.") { search, genre, tag, studio, limit, GlobalOptions.Json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var label = TitleLabelFilter.From(parseResult.GetValue(genre), parseResult.GetValue(tag), parseResult.GetValue(studio));
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var browser = host.Get<LibraryBrowser>();
            var wanted = Math.Max(1, parseResult.GetValue(limit));
            var rows = new List<TitleView>();
            while (rows.Count < wanted)
            {
                var page = await browser.TitlesAsync(parseResult.GetValue(search), kind: null, rows.Count, wanted - rows.Count, cancellationToken, label);
                rows.AddRange(page.Items);
                if (page.Items.Count == 0 || rows.Count >= page.Total)
                {
                    break;
                }
            }

            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(GlobalOptions.Json))
            {
                await JsonOutput.WriteAsync(output, rows);
            }
            else
            {
                TableOutput.Write(
                    output,
                    ["KIND", "TITLE", "YEAR", "SEASONS", "EPISODES", "FILES", "GENRES", "TAGS", "ID"],
                    rows.Select(t => (IReadOnlyList<string?>)
                    [
                        t.Kind, t.Name, t.Year?.ToString(CultureInfo.InvariantCulture), t.Seasons.ToString(CultureInfo.InvariantCulture),
                        t.Episodes.ToString(CultureInfo.InvariantCulture), t.Assets.ToString(CultureInfo.InvariantCulture),
                        string.Join(", ", t.Genres), string.Join(", ", t.Tags), t.Id.ToString(),
                    ]),
                    label is null ? "No titles yet: add a source and run 'retrovue ingest'." : $"No title has the {label.Kind.ToString().ToLowerInvariant()} '{label.Name.Display}' (see 'retrovue library labels').");
            }

            return 0;
        });
        return command;
    }

    /// <summary>`library labels`: every genre, tag and studio with its number of titles.</summary>
    private static Command BuildLabels()
    {
        var kind = new Option<string?>("--kind") { Description = "Only genre, tag or studio." };
        var limit = new Option<int>("--limit")
        {
            Description = $"At most this many per kind (default and most {LibraryBrowser.MaxPageSize}).",
            DefaultValueFactory = _ => LibraryBrowser.MaxPageSize,
        };
        var command = new Command("labels", "List the genres, tags and studios in the library, most used first.") { kind, limit, GlobalOptions.Json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var wanted = TitleLabelFilter.ParseKind(parseResult.GetValue(kind));
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var rows = await host.Get<LibraryBrowser>().LabelsAsync(wanted, parseResult.GetValue(limit), cancellationToken);
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(GlobalOptions.Json))
            {
                await JsonOutput.WriteAsync(output, rows);
            }
            else
            {
                TableOutput.Write(output, ["KIND", "NAME", "TITLES"], rows.Select(l => (IReadOnlyList<string?>)[l.Kind, l.Name, l.Titles.ToString(CultureInfo.InvariantCulture)]), "No genres, tags or studios yet: they come from Plex, Jellyfin, Emby and NFO files at ingest.");
            }

            return 0;
        });
        return command;
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
