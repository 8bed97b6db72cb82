using RetroVue.App.Sources;

namespace RetroVue.Web.Api;

public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int? Offset = null, Guid? Next = null, Guid? Previous = null);

public sealed record FilesystemSourceRequest(string? Name, string? Path, string? ContentKind);

public sealed record FilesystemSourceUpdate(string? Path, string? ContentKind, uint Version);

public sealed record PlexSourceRequest(string? Name, string? Url, string? Token, string? Libraries, IReadOnlyList<PathMappingView>? PathMappings);

/// <summary>A blank or missing token keeps the stored one.</summary>
public sealed record PlexSourceUpdate(string? Url, string? Token, string? Libraries, IReadOnlyList<PathMappingView>? PathMappings, uint Version);

/// <summary>A Jellyfin or Emby server: the API key is stored, never returned.</summary>
public sealed record MediaServerSourceRequest(string? Name, string? Url, string? ApiKey, string? Libraries, IReadOnlyList<PathMappingView>? PathMappings);

/// <summary>A blank or missing API key keeps the stored one.</summary>
public sealed record MediaServerSourceUpdate(string? Url, string? ApiKey, string? Libraries, IReadOnlyList<PathMappingView>? PathMappings, uint Version);

/// <summary>Either link to a title (by name or id, optionally to an episode) or approve as is.</summary>
public sealed record ResolveRequest(string? Title, int? Season, int? Episode, bool Approve, string? Note);

public sealed record DismissRequest(string? Reason);

/// <summary>action: "approve", "dismiss" or "link" (with title, season, episode).</summary>
public sealed record BulkReviewRequest(IReadOnlyList<Guid>? Ids, string? Action, string? Title, int? Season, int? Episode, string? Note);
