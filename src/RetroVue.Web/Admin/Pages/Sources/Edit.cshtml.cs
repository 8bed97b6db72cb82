using Microsoft.AspNetCore.Mvc;
using RetroVue.App.Common;
using RetroVue.App.Sources;
using RetroVue.Domain.Library;

namespace RetroVue.Web.Admin.Pages.Sources;

public sealed record PathTestResult(bool Exists, string Message);

public sealed class EditSourceModel(SourceEditor editor, SourceService sources) : AdminPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Name { get; set; } = string.Empty;

    [BindProperty]
    public uint Version { get; set; }

    [BindProperty]
    public string? Path { get; set; }

    [BindProperty]
    public string? ContentKind { get; set; }

    [BindProperty(Name = "url")]
    public string? ServerUrl { get; set; }

    [BindProperty]
    public string? Token { get; set; }

    [BindProperty]
    public string? Libraries { get; set; }

    [BindProperty]
    public List<PathMappingView> PathMappings { get; set; } = [];

    public string? ServerPath { get; private set; }
    public SourceForm? Form { get; private set; }
    public PathTestResult? PathTest { get; private set; }

    public IReadOnlyList<PathMappingView> MappingRowsToShow =>
        [.. PathMappings.Where(m => !string.IsNullOrWhiteSpace(m.From) || !string.IsNullOrWhiteSpace(m.To)), .. Enumerable.Repeat(new PathMappingView(string.Empty, string.Empty), 2)];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            await LoadAsync(keepTyped: false, cancellationToken);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        ChangeAsync(
            async () =>
            {
                var form = await editor.GetAsync(Name, cancellationToken);
                if (form.Kind == "plex")
                {
                    await editor.UpdatePlexAsync(Name, new PlexSourceInput(Name, ServerUrl, Token, Libraries, PathMappings), Version, cancellationToken);
                }
                else
                {
                    await editor.UpdateFilesystemAsync(Name, new FilesystemSourceInput(Name, Path, ContentKind), Version, cancellationToken);
                }

                Message = $"Saved source '{Name}'.";
                return Redirect($"/admin/sources/edit/{Uri.EscapeDataString(Name)}");
            },
            () => LoadAsync(keepTyped: true, cancellationToken));

    public Task<IActionResult> OnPostTestPathAsync(string? serverPath, CancellationToken cancellationToken) =>
        ChangeAsync(
            async () =>
            {
                await LoadAsync(keepTyped: false, cancellationToken);
                ServerPath = serverPath;
                var remote = PathInput.RemotePrefix("The server path", serverPath);
                var local = new PathMapper(Form!.PathMappings.Select(m => (m.From, m.To))).TryMap(remote);
                PathTest = local is null
                    ? new PathTestResult(false, $"No mapping matches {remote}; RetroVue would read it as is.")
                    : System.IO.File.Exists(local) || Directory.Exists(local)
                        ? new PathTestResult(true, $"Read from {local}: it exists.")
                        : new PathTestResult(false, $"Read from {local}, which does not exist on this machine.");
                return Page();
            },
            () => LoadAsync(keepTyped: false, cancellationToken));

    public Task<IActionResult> OnPostRemoveAsync(bool force, CancellationToken cancellationToken) =>
        ChangeAsync(
            async () =>
            {
                var removed = await sources.RemoveAsync(Name, force, cancellationToken);
                Message = $"Removed source '{Name}' and {removed} file(s) from the catalog.";
                return Redirect("/admin/sources");
            },
            () => LoadAsync(keepTyped: false, cancellationToken));

    /// <summary>Loads the stored source; after a failed save, what the operator typed stays in the fields.</summary>
    private async Task LoadAsync(bool keepTyped, CancellationToken cancellationToken)
    {
        Form = await editor.GetAsync(Name, cancellationToken);
        if (keepTyped)
        {
            return;
        }

        Version = Form.Version;
        Path = Form.Path;
        ContentKind = Form.ContentKind ?? "mixed";
        ServerUrl = Form.Url;
        Libraries = Form.Libraries;
        PathMappings = [.. Form.PathMappings];
    }
}
