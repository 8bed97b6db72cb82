namespace RetroVue.Domain.Library;

public enum SourceKind
{
    Filesystem = 0,
    Plex = 1,
    Jellyfin = 2,
    Emby = 3,
}

/// <summary>What a filesystem source holds; decides how names are read.</summary>
public enum SourceContentKind
{
    Mixed = 0,
    Shows = 1,
    Movies = 2,
}
