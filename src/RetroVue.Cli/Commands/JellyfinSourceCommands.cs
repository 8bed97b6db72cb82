using System.CommandLine;
using System.Globalization;
using RetroVue.Adapters.Jellyfin;
using RetroVue.App.Common;
using RetroVue.App.Sources;
using RetroVue.Cli.Hosting;
using RetroVue.Cli.Output;
using RetroVue.Domain.Library;

namespace RetroVue.Cli.Commands;

/// <summary>`retrovue source add jellyfin|emby` (through <see cref="SourceEditor"/>, the one path the admin and the API use too) and their test report.</summary>
public static class JellyfinSourceCommands
{
    public const string JellyfinKeyVariable = "RETROVUE_JELLYFIN_KEY";
    public const string EmbyKeyVariable = "RETROVUE_EMBY_KEY";

    public static Command BuildAdd(JellyfinFlavor flavor)
    {
        var variable = flavor.Kind == SourceKind.Emby ? EmbyKeyVariable : JellyfinKeyVariable;
        var name = new Argument<string>("name") { Description = "A short name: letters, digits, '-', '_' or '.'." };
        var url = new Option<string>("--url") { Description = $"The {flavor.DisplayName} server, e.g. http://host:8096.", Required = true };
        var apiKey = new Option<string?>("--api-key") { Description = $"An API key (dashboard, API Keys). Prefer {variable} or --api-key-env: a key on the command line stays in shell history." };
        var apiKeyEnv = new Option<string?>("--api-key-env") { Description = "Read the API key from this environment variable." };
        var libraries = new Option<string[]>("--library")
        {
            Description = "A library to import, by name; repeat for several. Default: every movie, show and mixed library.",
            AllowMultipleArgumentsPerToken = false,
        };
        var pathMaps = new Option<string[]>("--path-map")
        {
            Description = $"SERVER_PREFIX=LOCAL_PREFIX: where files {flavor.DisplayName} reports under SERVER_PREFIX are on this machine. Repeat for several; the longest matching prefix wins.",
        };
        var interval = new Option<string?>("--sync-interval") { Description = "How often the server syncs it: 30m, 6h (default), 1d or off." };
        var command = new Command(flavor.DisplayName.ToLowerInvariant(), $"A {flavor.DisplayName} server's movie, show and mixed libraries.") { name, url, apiKey, apiKeyEnv, libraries, pathMaps, interval };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            // Everything typed is checked before the database is opened; the editor checks it all again.
            var key = PlexSourceCommands.TokenFromOptions(parseResult.GetValue(apiKey), parseResult.GetValue(apiKeyEnv))
                ?? (Environment.GetEnvironmentVariable(variable)?.Trim() is { Length: > 0 } fromDefault
                    ? fromDefault
                    : throw new UserFacingException($"{(flavor.Kind == SourceKind.Emby ? "An" : "A")} {flavor.DisplayName} source needs an API key: set {variable}, or pass --api-key-env VARIABLE (or --api-key, which stays in shell history)."));
            SecretRedactor.Register(key);
            _ = new JellyfinConnection(flavor, parseResult.GetRequiredValue(url), key);
            var mappings = (parseResult.GetValue(pathMaps) ?? []).Select(ParsePathMap).ToList();
            var chosen = parseResult.GetValue(libraries) ?? [];
            if (chosen.FirstOrDefault(l => l.Contains(',', StringComparison.Ordinal)) is { } withComma)
            {
                throw new UserFacingException($"The library name '{withComma}' contains a comma, which the stored list uses to separate names.");
            }

            var input = new MediaServerSourceInput(flavor.Kind, parseResult.GetRequiredValue(name), parseResult.GetRequiredValue(url), key, string.Join(',', chosen), mappings, parseResult.GetValue(interval));
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken);
            var added = await host.Get<SourceEditor>().AddMediaServerAsync(input, cancellationToken);
            var described = chosen.Length == 0 ? "every movie, show and mixed library" : string.Join(", ", chosen.Select(l => $"'{l}'"));
            await parseResult.InvocationConfiguration.Output.WriteLineAsync(
                $"Added {flavor.DisplayName} source '{added.Name}' ({added.Settings[SourceEditor.UrlKey]}, {described}, {added.PathMappings.Count} path mapping(s)). "
                + $"Run 'retrovue source test {added.Name}' to check it, then 'retrovue source sync {added.Name}'.");
            return 0;
        });
        return command;
    }

    /// <summary>"/server/prefix=/local/prefix", split at the first '='; the editor validates both sides.</summary>
    public static PathMappingView ParsePathMap(string text)
    {
        var split = text.IndexOf('=', StringComparison.Ordinal);
        return split > 0 && split < text.Length - 1
            ? new PathMappingView(text[..split].Trim(), text[(split + 1)..].Trim())
            : throw new UserFacingException($"--path-map '{text}' is not SERVER_PREFIX=LOCAL_PREFIX (for example --path-map \"/media/tv=/mnt/nas/tv\").");
    }

    public static void Write(TextWriter output, JellyfinSourceReport report)
    {
        output.WriteLine(TerminalText.Escape($"{report.Kind} source '{report.Source}' at {report.Url}"));
        output.WriteLine(TerminalText.Escape($"  server: {report.ServerName ?? "?"} ({report.ServerId}), version {report.Version ?? "?"}"));
        output.WriteLine(TerminalText.Escape($"  API key: accepted ({report.Libraries.Count} libraries visible)"));
        output.WriteLine(TerminalText.Escape("  libraries:"));
        foreach (var library in report.Libraries)
        {
            var items = library.Items is { } n ? string.Create(CultureInfo.InvariantCulture, $", {n} items") : "";
            output.WriteLine(TerminalText.Escape($"    {library.Name} ({library.Type}, id {library.Id}): {(library.Selected ? "selected" + items : "not selected")}"));
        }

        if (report.SampleFiles.Count > 0)
        {
            output.WriteLine(TerminalText.Escape("  sample files:"));
            foreach (var file in report.SampleFiles)
            {
                var where = file.LocalPath is null ? $"no path mapping matches: plays {file.Plays}"
                    : file.Reachable ? $"-> {file.LocalPath}: reachable here, plays locally"
                    : $"-> {file.LocalPath}: NOT reachable here, plays {file.Plays}";
                if (file.StreamCheck is { } check)
                {
                    where += $" ({check})";
                }

                output.WriteLine(TerminalText.Escape($"    {file.Library}: {file.Item}: {file.ServerPath ?? "(no path)"} {where}"));
            }
        }

        foreach (var problem in report.Problems)
        {
            output.WriteLine(TerminalText.Escape($"  problem: {problem}"));
        }

        output.WriteLine(report.Problems.Count == 0 ? "  ready to sync." : $"  {report.Problems.Count} problem(s).");
    }
}
