using RetroVue.Adapters.Plex;
using RetroVue.App.Common;
using RetroVue.App.Sources;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Jellyfin;

/// <summary>
/// A Jellyfin or Emby source's settings, stored like a Plex source's (they go through the same <see cref="SourceEditor"/>):
/// "url", "token" (the API key) and "libraries" (names; empty = every movie, show and mixed library).
/// </summary>
public sealed record JellyfinSourceSettings(JellyfinConnection Connection, IReadOnlyList<string> Libraries)
{
    public static JellyfinSourceSettings Read(Source source)
    {
        var flavor = JellyfinFlavor.For(source.Kind);
        var url = source.GetSetting(SourceEditor.UrlKey);
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new UserFacingException($"{flavor.DisplayName} source '{source.Name}' has no url setting (e.g. http://host:8096).");
        }

        var key = source.GetSetting(SourceEditor.TokenKey);
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new UserFacingException($"{flavor.DisplayName} source '{source.Name}' has no API key; set one with 'retrovue source set {source.Name} --api-key-env VARIABLE'.");
        }

        return new JellyfinSourceSettings(new JellyfinConnection(flavor, url, key), PlexSourceSettings.ParseLibraries(source.Name, source.GetSetting(SourceEditor.LibrariesKey)));
    }
}
