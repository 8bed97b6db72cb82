using System.Text.Json;
using RetroVue.App.Common;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Plex;

/// <summary>A Plex source's settings: "url", "token" and "libraries" (titles, comma-separated or a JSON list; empty = every movie and show library).</summary>
public sealed record PlexSourceSettings(PlexConnection Connection, IReadOnlyList<string> Libraries)
{
    public const string Url = "url";
    public const string Token = "token";
    public const string LibrariesKey = "libraries";

    public static PlexSourceSettings Read(Source source)
    {
        var url = source.GetSetting(Url);
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new UserFacingException($"Plex source '{source.Name}' has no url setting (e.g. http://host:32400).");
        }

        var token = source.GetSetting(Token);
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new UserFacingException($"Plex source '{source.Name}' has no token setting.");
        }

        return new PlexSourceSettings(new PlexConnection(url, token), ParseLibraries(source.Name, source.GetSetting(LibrariesKey)));
    }

    public static IReadOnlyList<string> ParseLibraries(string sourceName, string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        IEnumerable<string?> names;
        if (text.StartsWith('['))
        {
            try
            {
                names = JsonSerializer.Deserialize(text, PlexSettingsJsonContext.Default.ListString) ?? [];
            }
            catch (JsonException ex)
            {
                throw new UserFacingException($"The libraries setting of Plex source '{sourceName}' is not a JSON list of names: {ex.Message}");
            }
        }
        else
        {
            names = text.Split(',');
        }

        return names
            .Select(name => name?.Trim())
            .Where(name => !string.IsNullOrEmpty(name))
            .Select(name => name!)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(List<string>))]
internal sealed partial class PlexSettingsJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
