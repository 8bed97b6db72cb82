namespace RetroVue.App.Sources;

/// <summary>
/// Settings to change on an existing source, from the command line: only what is given changes, the rest is kept.
/// <see cref="Path"/> and <see cref="ContentKind"/> apply to filesystem sources, the others after <see cref="SyncInterval"/> to Plex sources.
/// </summary>
public sealed record SourceChanges
{
    /// <summary>"30m", "6h", "1d" or "off".</summary>
    public string? SyncInterval { get; init; }

    /// <summary>An absolute path to an existing folder.</summary>
    public string? Path { get; init; }

    public string? ContentKind { get; init; }

    public string? Url { get; init; }

    public string? Token { get; init; }

    /// <summary>The libraries to import, replacing the stored choice; an empty list means every movie and show library.</summary>
    public IReadOnlyList<string>? Libraries { get; init; }

    /// <summary>Rules to add; one whose server prefix is already mapped replaces that rule.</summary>
    public IReadOnlyList<PathMappingView> AddPathMappings { get; init; } = [];

    /// <summary>Drops every stored rule first (before <see cref="AddPathMappings"/> are added).</summary>
    public bool ClearPathMappings { get; init; }

    public bool IsEmpty =>
        SyncInterval is null && Path is null && ContentKind is null && Url is null && Token is null && Libraries is null
        && AddPathMappings.Count == 0 && !ClearPathMappings;
}

/// <summary>The source after a change, and the names of the settings that really changed (empty when it already had them).</summary>
public sealed record SourceChangeResult(SourceSummary Source, IReadOnlyList<string> Changed);
