using System.CommandLine;
using RetroVue.Adapters.Plex;
using RetroVue.App.Common;
using RetroVue.App.Sources;
using RetroVue.Cli.Hosting;
using RetroVue.Cli.Output;

namespace RetroVue.Cli.Commands;

/// <summary>`retrovue source set NAME ...`: change a source's settings after adding it; only what is given changes.</summary>
public static class SourceSetCommand
{
    public static Command Build()
    {
        var name = new Argument<string>("name") { Description = "The source to change." };
        var interval = new Option<string?>("--sync-interval") { Description = "How often the server syncs it: 30m, 6h, 1d or off. The server picks the change up within Sync:RefreshInterval (1 minute)." };
        var path = new Option<string?>("--path") { Description = "Filesystem sources: the folder to import (must exist)." };
        var kind = new Option<string?>("--kind") { Description = "Filesystem sources: what the folder holds: shows, movies or mixed." };
        kind.AcceptOnlyFromAmong("shows", "movies", "mixed");
        var url = new Option<string?>("--url") { Description = "Plex sources: the server, e.g. http://host:32400." };
        var token = new Option<string?>("--token", "--api-key") { Description = "Plex, Jellyfin and Emby sources: a new X-Plex-Token or API key. Prefer --token-env: a key on the command line stays in shell history." };
        var tokenEnv = new Option<string?>("--token-env", "--api-key-env") { Description = "Plex, Jellyfin and Emby sources: read the new token or API key from this environment variable." };
        var libraries = new Option<string[]>("--library") { Description = "Plex sources: a library to import, by title; repeat for several. Replaces the stored choice.", AllowMultipleArgumentsPerToken = false };
        var allLibraries = new Option<bool>("--all-libraries") { Description = "Plex sources: import every movie and show library again." };
        var pathMaps = new Option<string[]>("--path-map") { Description = "Plex sources: PLEX_PREFIX=LOCAL_PREFIX to add; a rule for the same PLEX_PREFIX is replaced. Repeat for several." };
        var clearPathMaps = new Option<bool>("--clear-path-maps") { Description = "Plex sources: remove every path mapping (before adding those given with --path-map)." };
        var set = new Command("set", "Change a source's settings; what is not given is kept. Bad input changes nothing.")
        {
            name, interval, path, kind, url, token, tokenEnv, libraries, allLibraries, pathMaps, clearPathMaps, GlobalOptions.Json,
        };
        set.SetAction(async (parseResult, cancellationToken) =>
        {
            // Everything typed is checked before the database is opened.
            var chosen = parseResult.GetValue(libraries) ?? [];
            if (chosen.Length > 0 && parseResult.GetValue(allLibraries))
            {
                throw new UserFacingException("Give --library or --all-libraries, not both.");
            }

            var changes = new SourceChanges
            {
                SyncInterval = parseResult.GetValue(interval),
                Path = parseResult.GetValue(path) is { } folder ? FullPath(folder) : null,
                ContentKind = parseResult.GetValue(kind),
                Url = parseResult.GetValue(url),
                Token = PlexSourceCommands.TokenFromOptions(parseResult.GetValue(token), parseResult.GetValue(tokenEnv)),
                Libraries = parseResult.GetValue(allLibraries) ? [] : chosen.Length > 0 ? chosen : null,
                AddPathMappings = (parseResult.GetValue(pathMaps) ?? []).Select(PlexSourceSetup.ParsePathMap).Select(m => new PathMappingView(m.From, m.To)).ToList(),
                ClearPathMappings = parseResult.GetValue(clearPathMaps),
            };
            if (changes.IsEmpty)
            {
                throw new UserFacingException(
                    "Nothing to change: give at least one of --sync-interval, --path, --kind, --url, --token-env (or --token), --library, --all-libraries, --path-map, --clear-path-maps.");
            }

            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var result = await host.Get<SourceEditor>().ChangeAsync(parseResult.GetRequiredValue(name), changes, cancellationToken);
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(GlobalOptions.Json))
            {
                await JsonOutput.WriteAsync(output, result);
                return 0;
            }

            if (result.Changed.Count == 0)
            {
                await output.WriteLineAsync($"Source '{result.Source.Name}' already has these settings; nothing changed.");
                return 0;
            }

            await output.WriteLineAsync($"Changed {string.Join(", ", result.Changed)} of source '{result.Source.Name}'.");
            if (result.Changed.Contains(SyncIntervalSetting.Key))
            {
                var every = result.Source.Settings[SyncIntervalSetting.Key];
                await output.WriteLineAsync(every == SyncIntervalSetting.Off
                    ? "A running server drops its scheduled syncs at its next schedule refresh (Sync:RefreshInterval, 1 minute by default)."
                    : $"A running server reschedules it at its next schedule refresh (Sync:RefreshInterval, 1 minute by default): every {every}, from the next tick of its cron (UTC).");
            }

            return 0;
        });
        return set;
    }

    private static string FullPath(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new UserFacingException($"--path '{path}' is not a usable path: {e.Message}", e);
        }
    }
}
