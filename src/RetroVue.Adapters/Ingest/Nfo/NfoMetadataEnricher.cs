using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RetroVue.App.Ingest;

namespace RetroVue.Adapters.Ingest.Nfo;

/// <summary>
/// The metadata-enricher plugin for Kodi-style NFO files beside local media: a movie's "&lt;file&gt;.nfo" (else
/// "movie.nfo" in its folder), an episode's "&lt;file&gt;.nfo", and its show's "tvshow.nfo" in the episode's folder or a
/// folder above it (up to the source's folder).
/// <para>
/// Names: an NFO is what the operator wrote on purpose, so its title and year replace what the folder names suggest —
/// a movie's title and year from its NFO, a show's from tvshow.nfo, an episode's title from its NFO. Season and episode
/// numbers still come from the file name, and a file whose name gives none stays unmatched. Without an NFO (or with an
/// unreadable one) names come from the folder tree as before.
/// </para>
/// <para>
/// Changes: the size and modification time of every NFO found fold into the asset's source fingerprint, so an edited,
/// added or removed NFO is picked up on the next ingest even when the media file did not change.
/// </para>
/// </summary>
public sealed class NfoMetadataEnricher : IMetadataEnricher
{
    /// <summary>The source fingerprint of a file whose NFO was removed: tells the next scan that nothing changed since.</summary>
    public const string NoNfoFingerprint = "nfo1:none";

    public string Name => "nfo";

    public IMetadataScan BeginScan() => new Scan();

    private sealed class Scan : IMetadataScan
    {
        // The episodes of one show are walked together: a few shows' tvshow.nfo are all that is worth remembering.
        private const int ShowCacheSize = 64;
        private readonly Dictionary<string, NfoReadResult> _shows = new(StringComparer.Ordinal);

        public DiscoveredAsset Enrich(DiscoveredAsset asset, LocalMediaFile file)
        {
            var problems = new List<string>();
            var stamps = new List<string>();
            NfoDocument? own = null, show = null;
            var identity = asset.Identity;
            switch (identity)
            {
                case MovieIdentity movie:
                    own = ReadFirst([Path.ChangeExtension(file.Path, ".nfo"), Path.Combine(Path.GetDirectoryName(file.Path)!, "movie.nfo")], "movie", stamps, problems);
                    if (own is not null)
                    {
                        identity = new MovieIdentity(own.Title ?? movie.Name, own.Year ?? movie.Year);
                    }

                    break;
                case EpisodeIdentity episode:
                    own = ReadFirst([Path.ChangeExtension(file.Path, ".nfo")], "episodedetails", stamps, problems);
                    show = ReadShow(file, stamps, problems);
                    identity = episode with
                    {
                        ShowName = show?.Title ?? episode.ShowName,
                        ShowYear = show?.Year ?? episode.ShowYear,
                        EpisodeTitle = episode.EpisodeNumbers.Count == 1 ? own?.Title ?? episode.EpisodeTitle : episode.EpisodeTitle,
                    };
                    break;
                default:
                    return asset;
            }

            if (stamps.Count == 0)
            {
                // No NFO now; one that was there before must have its facts removed, once.
                return file.KnownSourceFingerprint is { } known && known.StartsWith("nfo1:", StringComparison.Ordinal) && known != NoNfoFingerprint
                    ? asset with { Metadata = Cleared() }
                    : asset;
            }

            var title = identity is MovieIdentity ? own : show;
            var metadata = (asset.Metadata ?? new DiscoveredMetadata()) with
            {
                TitleSummary = title?.Plot,
                TitleContentRating = title?.ContentRating,
                TitleCommunityRating = title?.Rating,
                Genres = title?.Genres ?? [],
                Tags = title?.Tags ?? [],
                Studios = title?.Studios ?? [],
                TitleIds = title?.Ids ?? new Dictionary<string, string>(),
                EpisodeSummary = identity is EpisodeIdentity ? own?.Plot : null,
                EpisodeContentRating = identity is EpisodeIdentity ? own?.ContentRating : null,
                AirDate = identity is EpisodeIdentity ? own?.Aired : null,
                EpisodeIds = identity is EpisodeIdentity && own is not null ? own.Ids : new Dictionary<string, string>(),
                SourceFingerprint = "nfo1:" + Digest(stamps),
                MetadataProblems = problems,
            };
            return asset with { Identity = identity, Metadata = metadata };
        }

        private static DiscoveredMetadata Cleared() => new()
        {
            Genres = [],
            Tags = [],
            Studios = [],
            SourceFingerprint = NoNfoFingerprint,
        };

        private NfoDocument? ReadShow(LocalMediaFile file, List<string> stamps, List<string> problems)
        {
            var root = Path.TrimEndingDirectorySeparator(file.Root);
            var folder = Path.GetDirectoryName(file.Path);
            for (var level = 0; level < 3 && folder is not null && folder.StartsWith(root, StringComparison.Ordinal); level++)
            {
                var candidate = Path.Combine(folder, "tvshow.nfo");
                if (Stamp(candidate) is { } stamp)
                {
                    stamps.Add(stamp);
                    if (!_shows.TryGetValue(stamp, out var result))
                    {
                        if (_shows.Count >= ShowCacheSize)
                        {
                            _shows.Clear();
                        }

                        result = NfoReader.Read(candidate, "tvshow");
                        _shows[stamp] = result;
                    }

                    if (result.Problem is { } problem)
                    {
                        problems.Add(problem);
                    }

                    return result.Document;
                }

                if (folder == root)
                {
                    break;
                }

                folder = Path.GetDirectoryName(folder);
            }

            return null;
        }

        private static NfoDocument? ReadFirst(IEnumerable<string> candidates, string rootElement, List<string> stamps, List<string> problems)
        {
            foreach (var candidate in candidates)
            {
                if (Stamp(candidate) is not { } stamp)
                {
                    continue;
                }

                stamps.Add(stamp);
                var result = NfoReader.Read(candidate, rootElement);
                if (result.Problem is { } problem)
                {
                    problems.Add(problem);
                }

                return result.Document;
            }

            return null;
        }

        /// <summary>The file's path, size and modification time, or null when there is no such file.</summary>
        private static string? Stamp(string path)
        {
            var info = new FileInfo(path);
            return info.Exists
                ? string.Join('|', path, info.Length.ToString(CultureInfo.InvariantCulture), info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture))
                : null;
        }

        private static string Digest(List<string> stamps) =>
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', stamps))).AsSpan(0, 16));
    }
}
