using Microsoft.AspNetCore.Mvc;
using RetroVue.App.Sources;
using RetroVue.Domain.Library;

namespace RetroVue.Web.Admin.Pages.Sources;

public sealed class AddSourceModel(SourceEditor editor) : AdminPageModel
{
    public const int MappingRows = 4;

    [BindProperty(SupportsGet = true)]
    public string Kind { get; set; } = "filesystem";

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Path { get; set; }

    [BindProperty]
    public string? ContentKind { get; set; } = "mixed";

    [BindProperty(Name = "url")]
    public string? ServerUrl { get; set; }

    [BindProperty]
    public string? Token { get; set; }

    [BindProperty]
    public string? Libraries { get; set; }

    [BindProperty]
    public List<PathMappingView> PathMappings { get; set; } = [];

    /// <summary>What was typed plus empty rows to add more.</summary>
    public IReadOnlyList<PathMappingView> MappingRowsToShow =>
        [.. PathMappings, .. Enumerable.Repeat(new PathMappingView(string.Empty, string.Empty), Math.Max(1, MappingRows - PathMappings.Count))];

    /// <summary>The media server the form adds, or null for a folder.</summary>
    public SourceKind? Server => MediaServerKind(Kind);

    public void OnGet() => Kind = Server?.ToString().ToLowerInvariant() ?? "filesystem";

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        ChangeAsync(async () =>
        {
            var added = Server is { } server
                ? await editor.AddMediaServerAsync(new MediaServerSourceInput(server, Name, ServerUrl, Token, Libraries, PathMappings), cancellationToken)
                : await editor.AddFilesystemAsync(new FilesystemSourceInput(Name, Path, ContentKind), cancellationToken);
            Message = $"Added source '{added.Name}'. Run 'retrovue ingest {added.Name}' (or a sync) to import it.";
            return Redirect("/admin/sources");
        });

    /// <summary>"plex", "jellyfin" or "emby" as the kind of media server they name; anything else is a folder.</summary>
    public static SourceKind? MediaServerKind(string? kind) => kind switch
    {
        "plex" => SourceKind.Plex,
        "jellyfin" => SourceKind.Jellyfin,
        "emby" => SourceKind.Emby,
        _ => null,
    };

    /// <summary>How the form names a media server kind.</summary>
    public static string ServerName(SourceKind kind) => kind switch
    {
        SourceKind.Plex => "Plex",
        SourceKind.Jellyfin => "Jellyfin",
        SourceKind.Emby => "Emby",
        _ => kind.ToString(),
    };
}
