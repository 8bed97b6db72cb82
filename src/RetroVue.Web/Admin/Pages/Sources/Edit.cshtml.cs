using Microsoft.AspNetCore.Mvc;
using RetroVue.Adapters.Sources;
using RetroVue.App.Common;
using RetroVue.App.Sources;
using RetroVue.Domain.Library;

namespace RetroVue.Web.Admin.Pages.Sources;

/// <summary>What "test this path" found: the mapped local path and the rule that produced it (both null when no rule matched).</summary>
public sealed record PathTestResult(string SourcePath, string? LocalPath, string? Rule, bool Exists, string Message);

public sealed class EditSourceModel(SourceEditor editor, SourceService sources, SourceConnectionTester tester) : AdminPageModel
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
    public SourceConnectionReport? ConnectionTest { get; private set; }

    /// <summary>The media server this source reads, or null for a folder.</summary>
    public SourceKind? Server => Form is null ? null : AddSourceModel.MediaServerKind(Form.Kind);

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
                if (AddSourceModel.MediaServerKind(form.Kind) is { } server)
                {
                    await editor.UpdateMediaServerAsync(Name, new MediaServerSourceInput(server, Name, ServerUrl, Token, Libraries, PathMappings), Version, cancellationToken);
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
                PathTest = TestPath(remote, Form!.PathMappings);
                return Page();
            },
            async () =>
            {
                await LoadAsync(keepTyped: false, cancellationToken);
                ServerPath = serverPath;
            });

    public Task<IActionResult> OnPostTestConnectionAsync(CancellationToken cancellationToken) =>
        ChangeAsync(
            async () =>
            {
                await LoadAsync(keepTyped: false, cancellationToken);
                ConnectionTest = await tester.TestAsync(Name, cancellationToken);
                return Page();
            },
            () => LoadAsync(keepTyped: false, cancellationToken));

    public Task<IActionResult> OnPostRemoveAsync(bool force, CancellationToken cancellationToken) =>
        ChangeAsync(
            async () =>
            {
                var removal = await sources.RemoveAsync(Name, force, cancellationToken);
                Message = removal.Describe();
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

    private static PathTestResult TestPath(string remote, IReadOnlyList<PathMappingView> mappings)
    {
        var match = new PathMapper(mappings.Select(m => (m.From, m.To))).Match(remote);
        if (match is null)
        {
            var why = mappings.Count == 0 ? "this source has no path mappings" : "no mapping matches it";
            return new PathTestResult(remote, null, null, false, $"Not mapped: {why}, so RetroVue would read {remote} as is.");
        }

        var rule = $"{match.FromPrefix} → {match.ToPrefix} (mapping {match.RuleIndex + 1})";
        var exists = System.IO.File.Exists(match.LocalPath) || Directory.Exists(match.LocalPath);
        var message = exists
            ? $"Read from {match.LocalPath}: it exists."
            : $"Read from {match.LocalPath}, which does not exist on this machine.";
        return new PathTestResult(remote, match.LocalPath, rule, exists, message);
    }
}
