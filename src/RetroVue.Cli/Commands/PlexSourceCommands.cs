using System.CommandLine;
using System.Globalization;
using RetroVue.Adapters.Plex;
using RetroVue.App.Common;
using RetroVue.App.Sources;
using RetroVue.Cli.Hosting;
using RetroVue.Cli.Output;

namespace RetroVue.Cli.Commands;

/// <summary>`retrovue source add plex` and `retrovue source test`.</summary>
public static class PlexSourceCommands
{
    /// <summary>Where the token is read from when no option names it, so it need not sit in shell history.</summary>
    public const string TokenVariable = "RETROVUE_PLEX_TOKEN";

    public static Command BuildAdd()
    {
        var name = new Argument<string>("name") { Description = "A short name: letters, digits, '-', '_' or '.'." };
        var url = new Option<string>("--url") { Description = "The Plex Media Server, e.g. http://host:32400.", Required = true };
        var token = new Option<string?>("--token") { Description = $"The X-Plex-Token. Prefer --token-env or {TokenVariable}: a token on the command line stays in shell history." };
        var tokenEnv = new Option<string?>("--token-env") { Description = "Read the token from this environment variable." };
        var libraries = new Option<string[]>("--library")
        {
            Description = "A library (section) to import, by title; repeat for several. Default: every movie and show library.",
            AllowMultipleArgumentsPerToken = false,
        };
        var pathMaps = new Option<string[]>("--path-map")
        {
            Description = "PLEX_PREFIX=LOCAL_PREFIX: where files Plex reports under PLEX_PREFIX are on this machine. Repeat for several; the longest matching prefix wins.",
        };
        var interval = new Option<string?>("--sync-interval") { Description = "How often the server syncs it: 30m, 6h (default), 1d or off." };
        var plex = new Command("plex", "A Plex Media Server's movie and show libraries.") { name, url, token, tokenEnv, libraries, pathMaps, interval };
        plex.SetAction(async (parseResult, cancellationToken) =>
        {
            // Everything the operator typed is checked before the database is opened.
            var secret = ResolveToken(parseResult.GetValue(token), parseResult.GetValue(tokenEnv));
            var request = new PlexSourceRequest(
                parseResult.GetRequiredValue(name),
                parseResult.GetRequiredValue(url),
                secret,
                parseResult.GetValue(libraries) ?? [],
                parseResult.GetValue(pathMaps) ?? [],
                parseResult.GetValue(interval));
            _ = new PlexConnection(request.Url, request.Token);
            foreach (var map in request.PathMaps)
            {
                PlexSourceSetup.ParsePathMap(map);
            }

            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var added = await host.Get<PlexSourceSetup>().AddAsync(request, cancellationToken);
            var chosen = request.Libraries.Count == 0 ? "every movie and show library" : string.Join(", ", request.Libraries.Select(l => $"'{l}'"));
            await parseResult.InvocationConfiguration.Output.WriteLineAsync(
                $"Added Plex source '{added.Name}' ({added.Settings[PlexSourceSettings.Url]}, {chosen}, {added.PathMappings.Count} path mapping(s)). "
                + $"Run 'retrovue source test {added.Name}' to check it, then 'retrovue ingest {added.Name}'.");
            return 0;
        });
        return plex;
    }

    public static Command BuildTest()
    {
        var name = new Argument<string>("name") { Description = "The source to check." };
        var test = new Command("test", "Check a Plex, Jellyfin or Emby source without importing: server identity and version, token or API key, libraries, and whether sample files resolve to paths on this machine.")
        {
            name, GlobalOptions.Json,
        };
        test.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var output = parseResult.InvocationConfiguration.Output;
            var form = await host.Get<SourceEditor>().GetAsync(parseResult.GetRequiredValue(name), cancellationToken);
            if (form.Kind is "jellyfin" or "emby")
            {
                var server = await host.Get<Adapters.Jellyfin.JellyfinSourceTester>().TestAsync(form.Name, cancellationToken);
                if (parseResult.GetValue(GlobalOptions.Json))
                {
                    await JsonOutput.WriteAsync(output, server);
                }
                else
                {
                    JellyfinSourceCommands.Write(output, server);
                }

                return server.Problems.Count == 0 ? 0 : CommandErrors.Failure;
            }

            var report = await host.Get<PlexSourceTester>().TestAsync(parseResult.GetRequiredValue(name), cancellationToken);
            if (parseResult.GetValue(GlobalOptions.Json))
            {
                await JsonOutput.WriteAsync(output, report);
            }
            else
            {
                Write(output, report);
            }

            return report.Problems.Count == 0 ? 0 : CommandErrors.Failure;
        });
        return test;
    }

    /// <summary>The token --token or --token-env gives; null when neither is given.</summary>
    public static string? TokenFromOptions(string? token, string? variable)
    {
        if (!string.IsNullOrWhiteSpace(token))
        {
            return token.Trim();
        }

        if (!string.IsNullOrWhiteSpace(variable))
        {
            var fromVariable = Environment.GetEnvironmentVariable(variable.Trim());
            return string.IsNullOrWhiteSpace(fromVariable)
                ? throw new UserFacingException($"--token-env {variable.Trim()}: that environment variable is not set or empty.")
                : fromVariable.Trim();
        }

        return null;
    }

    private static string ResolveToken(string? token, string? variable)
    {
        if (TokenFromOptions(token, variable) is { } given)
        {
            return given;
        }

        var fromDefault = Environment.GetEnvironmentVariable(TokenVariable);
        return string.IsNullOrWhiteSpace(fromDefault)
            ? throw new UserFacingException($"A Plex source needs a token: set {TokenVariable}, or pass --token-env VARIABLE (or --token, which stays in shell history).")
            : fromDefault.Trim();
    }

    private static void Write(TextWriter output, PlexSourceReport report)
    {
        output.WriteLine(TerminalText.Escape($"Plex source '{report.Source}' at {report.Url}"));
        output.WriteLine(TerminalText.Escape($"  server: {report.MachineIdentifier}, version {report.Version ?? "?"}{(report.Claimed == true ? ", claimed" : "")}"));
        output.WriteLine(TerminalText.Escape($"  token: accepted ({report.Libraries.Count} libraries visible)"));
        output.WriteLine(TerminalText.Escape("  libraries:"));
        foreach (var library in report.Libraries)
        {
            var items = library.Items is { } n ? string.Create(CultureInfo.InvariantCulture, $", {n} items") : "";
            output.WriteLine(TerminalText.Escape($"    {library.Title} ({library.Type}, key {library.Key}): {(library.Selected ? "selected" + items : "not selected")}"));
        }

        if (report.SampleFiles.Count > 0)
        {
            output.WriteLine(TerminalText.Escape("  sample files:"));
            foreach (var file in report.SampleFiles)
            {
                var where = file.LocalPath is null ? "no path mapping matches: plays through Plex"
                    : file.Reachable ? $"-> {file.LocalPath}: reachable here, plays locally"
                    : $"-> {file.LocalPath}: NOT reachable here, plays through Plex";
                if (file.PartCheck is { } partCheck)
                {
                    where += $" ({partCheck})";
                }

                output.WriteLine(TerminalText.Escape($"    {file.Library}: {file.Item}: {file.PlexPath ?? "(no path)"} {where}"));
            }
        }

        foreach (var problem in report.Problems)
        {
            output.WriteLine(TerminalText.Escape($"  problem: {problem}"));
        }

        output.WriteLine(report.Problems.Count == 0 ? "  ready to sync." : $"  {report.Problems.Count} problem(s).");
    }
}
