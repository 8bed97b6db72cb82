using Microsoft.EntityFrameworkCore;
using RetroVue.Adapters.Streaming.Remote;
using RetroVue.App.Common;
using RetroVue.App.Ingest;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Jellyfin;

public sealed record JellyfinLibraryCheck(string Id, string Name, string Type, bool Selected, int? Items);

/// <summary>One sample file: where the server keeps it, where it maps to here, and so how it plays ("locally" or "through Jellyfin/Emby").</summary>
public sealed record JellyfinFileCheck(string Library, string Item, string? ServerPath, string? LocalPath, bool Reachable, string Plays, string? StreamCheck);

/// <summary>What 'retrovue source test' found for a Jellyfin or Emby source. <see cref="Problems"/> empty means ready to sync.</summary>
public sealed record JellyfinSourceReport(
    string Source,
    string Kind,
    string Url,
    string ServerId,
    string? ServerName,
    string? Version,
    IReadOnlyList<JellyfinLibraryCheck> Libraries,
    IReadOnlyList<JellyfinFileCheck> SampleFiles,
    IReadOnlyList<string> Problems);

/// <summary>
/// Checks a Jellyfin or Emby source without importing: the server answers (id, version), the key is accepted (the
/// library list), the chosen libraries exist, and a few files of each map to paths here; a sample not reachable here has
/// its stream asked for one byte, the way playback will read it. Costs 2 requests plus 1 per chosen library plus 1 per remote sample.
/// </summary>
public sealed class JellyfinSourceTester(IUnitOfWork unitOfWork, JellyfinClientFactory clients, RemoteMediaClient streams)
{
    public const int SamplesPerLibrary = 3;

    public async Task<JellyfinSourceReport> TestAsync(string sourceName, CancellationToken cancellationToken)
    {
        var source = await unitOfWork.ExecuteAsync(
            (db, ct) => db.Sources.Include(s => s.PathMappings).AsNoTracking().FirstOrDefaultAsync(s => s.Name == sourceName, ct),
            cancellationToken) ?? throw new NotFoundException($"There is no source named '{sourceName}' (see 'retrovue source list').");
        if (source.Kind is not (SourceKind.Jellyfin or SourceKind.Emby))
        {
            throw new UserFacingException($"Source '{sourceName}' is a {source.Kind.ToString().ToLowerInvariant()} source, not a Jellyfin or Emby one.");
        }

        var flavor = JellyfinFlavor.For(source.Kind);
        var settings = JellyfinSourceSettings.Read(source);
        var client = clients.Create(settings.Connection);
        var info = await client.GetSystemInfoAsync(cancellationToken);
        var libraries = await client.GetLibrariesAsync(cancellationToken);
        var problems = new List<string>();
        foreach (var missing in settings.Libraries.Where(name => !libraries.Any(l => string.Equals(l.Name?.Trim(), name, StringComparison.OrdinalIgnoreCase))))
        {
            problems.Add($"There is no library named '{missing}' on this server; a sync would fail until the libraries setting is fixed.");
        }

        var mapper = new JellyfinItemMapper(flavor, info.Id!, PathMapper.For(source.PathMappings), File.Exists);
        var checks = new List<JellyfinLibraryCheck>();
        var samples = new List<JellyfinFileCheck>();
        var playsRemotely = "through " + flavor.DisplayName;
        foreach (var library in libraries)
        {
            var selected = JellyfinImporter.IsImportable(library)
                && (settings.Libraries.Count == 0 || settings.Libraries.Any(name => string.Equals(library.Name?.Trim(), name, StringComparison.OrdinalIgnoreCase)));
            int? count = null;
            if (selected)
            {
                var types = library.CollectionType == "movies" ? "Movie" : library.CollectionType == "tvshows" ? "Episode" : "Movie,Episode";
                var (items, total) = await client.SampleItemsAsync(new JellyfinItemQuery(library.ItemId!, types), SamplesPerLibrary, cancellationToken);
                count = total ?? items.Count;
                foreach (var item in items)
                {
                    foreach (var file in mapper.Map(item, show: null, new ImportScan()))
                    {
                        var label = item.Type == "Episode" ? $"{item.SeriesName} S{item.ParentIndexNumber:00}E{item.IndexNumber:00}" : item.Name ?? item.Id ?? "?";
                        var reachable = file.Metadata?.LocallyReachable ?? false;
                        var streamCheck = reachable ? null : await CheckStreamAsync(settings.Connection, file.Metadata?.StreamKey, cancellationToken);
                        samples.Add(new JellyfinFileCheck(library.Name ?? "?", label, file.Metadata?.SourcePath, file.Metadata?.LocalPath, reachable, reachable ? "locally" : playsRemotely, streamCheck));
                    }
                }
            }

            checks.Add(new JellyfinLibraryCheck(library.ItemId ?? "?", library.Name ?? "?", library.CollectionType ?? "mixed", selected, count));
        }

        if (!checks.Any(l => l.Selected))
        {
            problems.Add("No movie, show or mixed library is selected: a sync would import nothing.");
        }

        return new JellyfinSourceReport(source.Name, flavor.DisplayName, settings.Connection.ToString(), info.Id!, info.ServerName, info.Version, checks, samples, problems);
    }

    private async Task<string> CheckStreamAsync(JellyfinConnection connection, string? streamKey, CancellationToken cancellationToken)
    {
        if (JellyfinRemoteMediaLocator.ForKey(connection, streamKey) is not { } media)
        {
            return "the server lists no stream for it";
        }

        var (fault, ranges) = await streams.CheckAsync(media, cancellationToken);
        return fault?.Text ?? (ranges ? "the stream answered a range request" : "the stream answered, but without byte ranges: mid-item starts must read from its beginning");
    }
}
