namespace RetroVue.Adapters.Sources;

/// <summary>An image as a media server (Plex, Jellyfin, Emby) sent it; what it is, is told by its bytes, not by the server's Content-Type.</summary>
public sealed record ServerImage(byte[] Content, DateTimeOffset? LastModified);
