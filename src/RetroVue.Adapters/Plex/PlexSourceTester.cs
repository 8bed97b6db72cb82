using Microsoft.EntityFrameworkCore;
using RetroVue.Adapters.Streaming.Remote;
using RetroVue.App.Common;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Plex;

public sealed record PlexSectionCheck(string Key, string Title, string Type, bool Selected, int? Items);

/// <summary>
/// One sample file: where Plex keeps it, where it maps to here, whether it is there, and so how it will play:
/// <see cref="Plays"/> is "locally" or "through Plex"; for the latter <see cref="PartCheck"/> says whether the part
/// answered a one-byte range request, or why not (null when it plays locally).
/// </summary>
public sealed record PlexFileCheck(string Library, string Item, string? PlexPath, string? LocalPath, bool Reachable, string Plays, string? PartCheck);

/// <summary>What 'retrovue source test' found. <see cref="Problems"/> empty means the source is ready to sync.</summary>
public sealed record PlexSourceReport(
    string Source,
    string Url,
    string MachineIdentifier,
    string? Version,
    bool? Claimed,
    IReadOnlyList<PlexSectionCheck> Libraries,
    IReadOnlyList<PlexFileCheck> SampleFiles,
    IReadOnlyList<string> Problems);

/// <summary>
/// Checks a Plex source end to end without importing anything: the server answers (identity, version), the token is
/// accepted (the libraries list), the chosen libraries exist, and a few files of each map to paths on this machine;
/// a sample that is not reachable here has its part asked for one byte, the way streaming will read it.
/// Costs 2 requests plus 1 per chosen library plus 1 per sample that plays through Plex.
/// </summary>
public sealed class PlexSourceTester(IUnitOfWork unitOfWork, PlexClientFactory clients, RemoteMediaClient parts)
{
    public const string PlaysLocally = "locally";
    public const string PlaysThroughPlex = "through Plex";

    public const int SamplesPerLibrary = 3;

    public async Task<PlexSourceReport> TestAsync(string sourceName, CancellationToken cancellationToken)
    {
        var source = await unitOfWork.ExecuteAsync(
            (db, ct) => db.Sources.Include(s => s.PathMappings).AsNoTracking().FirstOrDefaultAsync(s => s.Name == sourceName, ct),
            cancellationToken) ?? throw new NotFoundException($"There is no source named '{sourceName}' (see 'retrovue source list').");
        if (source.Kind != SourceKind.Plex)
        {
            throw new UserFacingException($"Source '{sourceName}' is a {source.Kind.ToString().ToLowerInvariant()} source, not a Plex one.");
        }

        var settings = PlexSourceSettings.Read(source);
        var client = clients.Create(settings.Connection);
        var identity = await client.GetIdentityAsync(cancellationToken);
        var sections = await client.GetSectionsAsync(cancellationToken);
        var problems = new List<string>();
        var importable = sections.Where(s => s.Key is { Length: > 0 } && s.Type is "movie" or "show").ToList();
        foreach (var missing in settings.Libraries.Where(name => !sections.Any(s => string.Equals(s.Title?.Trim(), name, StringComparison.OrdinalIgnoreCase))))
        {
            problems.Add($"There is no library named '{missing}' on this server; a sync would fail until the libraries setting is fixed.");
        }

        var mapper = new PlexItemMapper(identity.MachineIdentifier!, PathMapper.For(source.PathMappings), File.Exists);
        var libraries = new List<PlexSectionCheck>();
        var samples = new List<PlexFileCheck>();
        foreach (var section in sections)
        {
            var selected = importable.Contains(section)
                && (settings.Libraries.Count == 0 || settings.Libraries.Any(name => string.Equals(section.Title?.Trim(), name, StringComparison.OrdinalIgnoreCase)));
            int? count = null;
            if (selected)
            {
                var type = section.Type == "movie" ? PlexItemType.Movie : PlexItemType.Episode;
                var (items, total) = await client.SampleItemsAsync(section.Key!, type, SamplesPerLibrary, cancellationToken);
                count = total ?? items.Count;
                foreach (var item in items)
                {
                    var scan = new App.Ingest.ImportScan();
                    foreach (var file in mapper.Map(item, show: null, scan))
                    {
                        var label = item.Type == "episode" ? $"{item.GrandparentTitle} S{item.ParentIndex:00}E{item.Index:00}" : item.Title ?? item.RatingKey ?? "?";
                        var reachable = file.Metadata?.LocallyReachable ?? false;
                        var partCheck = reachable ? null : await CheckPartAsync(settings.Connection, file.Metadata?.StreamKey, cancellationToken);
                        samples.Add(new PlexFileCheck(section.Title ?? section.Key!, label, file.Metadata?.SourcePath, file.Metadata?.LocalPath, reachable, reachable ? PlaysLocally : PlaysThroughPlex, partCheck));
                    }
                }
            }

            libraries.Add(new PlexSectionCheck(section.Key ?? "?", section.Title ?? "?", section.Type ?? "?", selected, count));
        }

        if (!libraries.Any(l => l.Selected))
        {
            problems.Add("No movie or show library is selected: a sync would import nothing.");
        }

        return new PlexSourceReport(source.Name, settings.Connection.ToString(), identity.MachineIdentifier!, identity.Version, identity.Claimed, libraries, samples, problems);
    }

    private async Task<string> CheckPartAsync(PlexConnection connection, string? streamKey, CancellationToken cancellationToken)
    {
        if (PlexStreamLocator.ForKey(connection, streamKey) is not { } request)
        {
            return "Plex lists no playable part for it";
        }

        var (fault, ranges) = await parts.CheckAsync(new App.Streaming.RemoteMedia(PlexRemoteMediaLocator.ServerName, request.Url, request.Headers), cancellationToken);
        return fault?.Text ?? (ranges ? "the part answered a range request" : "the part answered, but without byte ranges: mid-item starts must read from its beginning");
    }
}
