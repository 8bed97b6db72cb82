using Microsoft.Extensions.Options;
using RetroVue.App.Common;
using RetroVue.App.Sources;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Plex;

/// <summary>What an operator gives to add a Plex source; every field is checked before anything is stored.</summary>
public sealed record PlexSourceRequest(
    string Name,
    string Url,
    string Token,
    IReadOnlyList<string> Libraries,
    IReadOnlyList<string> PathMaps,
    string? SyncInterval = null);

/// <summary>Validates and registers Plex sources. Adding does not contact the server: 'retrovue source test' does.</summary>
public sealed class PlexSourceSetup(SourceService sources, IOptions<SourceAddressOptions> addressOptions)
{
    public async Task<SourceSummary> AddAsync(PlexSourceRequest request, CancellationToken cancellationToken)
    {
        // Masked from here on, whatever text it later turns up in (an error, a log line).
        SecretRedactor.Register(request.Token);
        var connection = new PlexConnection(request.Url, request.Token);
        if (SourceAddress.RefusalForHost(connection.BaseUri.Host, addressOptions.Value.AllowLoopback) is { } refusal)
        {
            throw new UserFacingException($"The server URL is refused: {refusal}.");
        }

        var mappings = request.PathMaps.Select(ParsePathMap).ToList();
        var settings = new Dictionary<string, string>
        {
            [PlexSourceSettings.Url] = connection.BaseUri.ToString(),
            [PlexSourceSettings.Token] = connection.Token,
        };
        var libraries = request.Libraries.Select(l => l.Trim()).Where(l => l.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (libraries.Count > 0)
        {
            settings[PlexSourceSettings.LibrariesKey] = System.Text.Json.JsonSerializer.Serialize(libraries, PlexSettingsJsonContext.Default.ListString);
        }

        if (request.SyncInterval is { } interval)
        {
            if (!SyncIntervalSetting.TryParse(interval, out _, out var error))
            {
                throw new UserFacingException($"--sync-interval '{interval}': {error}");
            }

            settings[SyncIntervalSetting.Key] = SyncIntervalSetting.Normalize(interval);
        }

        return await sources.AddAsync(request.Name, SourceKind.Plex, settings, mappings, cancellationToken);
    }

    /// <summary>
    /// "/plex/prefix=/local/prefix": the path as Plex reports it, then the same place on this machine. Split at the first
    /// '=', so a local path may contain one; a Plex path containing '=' cannot be mapped this way.
    /// </summary>
    public static (string From, string To) ParsePathMap(string text)
    {
        var split = text.IndexOf('=', StringComparison.Ordinal);
        var from = split > 0 ? text[..split].Trim() : string.Empty;
        var to = split > 0 ? text[(split + 1)..].Trim() : string.Empty;
        if (from.Length == 0 || to.Length == 0)
        {
            throw new UserFacingException(
                $"--path-map '{text}' is not PLEX_PREFIX=LOCAL_PREFIX (for example --path-map \"/data/tv=/mnt/nas/tv\" or --path-map \"D:\\Media=/mnt/media\").");
        }

        if (!Path.IsPathFullyQualified(to) && !SourcePath.IsWindowsStyle(to))
        {
            throw new UserFacingException($"--path-map '{text}': the local prefix '{to}' is not an absolute path.");
        }

        return (from, to);
    }
}
