using Microsoft.AspNetCore.Mvc;
using RetroVue.App.Sources;

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

    public void OnGet() => Kind = Kind == "plex" ? "plex" : "filesystem";

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        ChangeAsync(async () =>
        {
            var added = Kind == "plex"
                ? await editor.AddPlexAsync(new PlexSourceInput(Name, ServerUrl, Token, Libraries, PathMappings), cancellationToken)
                : await editor.AddFilesystemAsync(new FilesystemSourceInput(Name, Path, ContentKind), cancellationToken);
            Message = $"Added source '{added.Name}'. Run 'retrovue ingest {added.Name}' (or a sync) to import it.";
            return Redirect("/admin/sources");
        });
}
