using System.Collections.Frozen;
using RetroVue.App.Ingest;
using RetroVue.App.Ingest.Naming;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Ingest.Filesystem;

/// <summary>The well-known pictures of one folder (poster, show, folder), linked to those of the folders above it.</summary>
/// <param name="Name">The folder's name as walked; empty for the source's root.</param>
internal sealed record FolderArtwork(string Name, string? Poster, string? Show, string? Folder, FolderArtwork? Parent);

/// <summary>The pictures next to one media file: named after it, and those of its folder and the folders above.</summary>
/// <param name="Own">"&lt;basename&gt;.jpg" (or .jpeg, .png, .webp).</param>
/// <param name="OwnPoster">"&lt;basename&gt;-poster.jpg".</param>
/// <param name="OwnThumb">"&lt;basename&gt;-thumb.jpg".</param>
internal sealed record FileArtwork(string? Own, string? OwnPoster, string? OwnThumb, FolderArtwork Folder)
{
    /// <summary>
    /// What the usual local layout means for a file of this identity: a movie's poster is its own picture, else its
    /// folder's poster.jpg or folder.jpg; an episode's still is its own picture (-thumb first); a show's poster is
    /// poster.jpg, show.jpg or folder.jpg in the show folder, which is the episode's folder unless that is a season
    /// folder (season posters are not used), then the one above it.
    /// </summary>
    public DiscoveredArtwork? For(MediaIdentity identity, Guid sourceId)
    {
        switch (identity)
        {
            case MovieIdentity:
                return new DiscoveredArtwork(ArtworkRef.LocalFile(sourceId, OwnPoster ?? Own ?? Folder.Poster ?? Folder.Folder), null);
            case EpisodeIdentity:
                var showFolder = SeasonFolders.NumberOf(Folder.Name) is null ? Folder : Folder.Parent;
                return new DiscoveredArtwork(
                    ArtworkRef.LocalFile(sourceId, showFolder?.Poster ?? showFolder?.Show ?? showFolder?.Folder),
                    ArtworkRef.LocalFile(sourceId, OwnThumb ?? Own));
            default:
                return null;
        }
    }
}

/// <summary>The pictures among one folder's entries, by name without extension (case ignored; the first in name order wins).</summary>
internal sealed class FolderImages
{
    public static readonly FrozenSet<string> Extensions = new[] { ".jpg", ".jpeg", ".png", ".webp" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private readonly Dictionary<string, string> _byStem = new(StringComparer.OrdinalIgnoreCase);

    private FolderImages()
    {
    }

    /// <param name="entries">The folder's listing, in name order.</param>
    public static FolderImages Of(string canonicalFolder, IEnumerable<DirectoryEntry> entries)
    {
        var images = new FolderImages();
        foreach (var entry in entries)
        {
            if (entry.Kind != DirectoryEntryKind.Directory && !MediaFiles.IsHidden(entry.Name) && Extensions.Contains(Path.GetExtension(entry.Name)))
            {
                images._byStem.TryAdd(Path.GetFileNameWithoutExtension(entry.Name), CanonicalPath.Join(canonicalFolder, entry.Name));
            }
        }

        return images;
    }

    public FolderArtwork Describe(string folderName, FolderArtwork? parent) =>
        new(folderName, Find("poster"), Find("show"), Find("folder"), parent);

    public FileArtwork ForFile(string fileName, FolderArtwork folder)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName);
        return new FileArtwork(Find(stem), Find(stem + "-poster"), Find(stem + "-thumb"), folder);
    }

    private string? Find(string stem) => _byStem.GetValueOrDefault(stem);
}
