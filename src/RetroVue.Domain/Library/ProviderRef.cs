namespace RetroVue.Domain.Library;

/// <summary>Well-known providers of external ids.</summary>
public static class Providers
{
    public const string PlexRatingKey = "plex";
    public const string PlexGuid = "plex-guid";
    public const string PlexPart = "plex-part";
    public const string PlexMedia = "plex-media";

    /// <summary>A Jellyfin or Emby item id (the server's own, so unique per server only).</summary>
    public const string JellyfinItem = "jellyfin";
    public const string EmbyItem = "emby";

    /// <summary>A Jellyfin or Emby media source id: one file (version) of an item.</summary>
    public const string JellyfinMediaSource = "jellyfin-media";
    public const string EmbyMediaSource = "emby-media";
    public const string AniDb = "anidb";
    public const string Imdb = "imdb";
    public const string Tmdb = "tmdb";
    public const string Tvdb = "tvdb";
}

/// <summary>An id another system gives a title, episode or asset. Exactly one of the owner ids is set.</summary>
public sealed class ProviderRef
{
    private ProviderRef()
    {
        Provider = string.Empty;
        ExternalId = string.Empty;
    }

    private ProviderRef(string provider, string externalId)
    {
        Id = Guid.NewGuid();
        Provider = provider;
        ExternalId = externalId;
    }

    public Guid Id { get; private set; }
    public string Provider { get; private set; }
    public string ExternalId { get; private set; }
    public Guid? TitleId { get; private set; }
    public Guid? EpisodeId { get; private set; }
    public Guid? AssetId { get; private set; }

    public static ProviderRef ForTitle(Guid titleId, string provider, string externalId) =>
        new(provider, externalId) { TitleId = titleId };

    public static ProviderRef ForEpisode(Guid episodeId, string provider, string externalId) =>
        new(provider, externalId) { EpisodeId = episodeId };

    public static ProviderRef ForAsset(Guid assetId, string provider, string externalId) =>
        new(provider, externalId) { AssetId = assetId };
}
