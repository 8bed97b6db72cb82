using System.Diagnostics;
using RetroVue.Adapters.Ingest.Filesystem;
using RetroVue.App.Ingest;
using RetroVue.Domain.Library;

namespace RetroVue.Tests.Ingest.Filesystem;

/// <summary>A folder tree built by a test, removed afterwards (with rm, which copes with odd names and deep paths).</summary>
internal sealed class TempMediaTree : IDisposable
{
    public TempMediaTree()
    {
        // Canonical from the start, so expected paths can be spelled by joining onto it.
        Root = CanonicalPath.Resolve(Directory.CreateTempSubdirectory("retrovue-fs-").FullName);
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>Creates an empty file (the importer never reads contents) and its folders.</summary>
    public string File(string relative, int sizeBytes = 0)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, new byte[sizeBytes]);
        return path;
    }

    public string Folder(string relative) => Directory.CreateDirectory(PathOf(relative)).FullName;

    public void Link(string relative, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(relative))!);
        System.IO.File.CreateSymbolicLink(PathOf(relative), target);
    }

    /// <summary>Runs a bash script in the root folder: for names .NET cannot spell (bytes that are not UTF-8).</summary>
    public void Bash(string script)
    {
        var start = new ProcessStartInfo("/bin/bash") { WorkingDirectory = Root, RedirectStandardError = true };
        start.ArgumentList.Add("-ec");
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"bash failed: {error}");
    }

    public Source Source(string kind = "mixed", string? path = null) =>
        new("media", SourceKind.Filesystem, new Dictionary<string, string> { ["path"] = path ?? Root, ["kind"] = kind }, DateTimeOffset.UnixEpoch);

    public void Dispose()
    {
        using var process = Process.Start("/bin/rm", ["-rf", Root]);
        process.WaitForExit();
    }
}

internal static class ImporterExtensions
{
    public static async Task<List<DiscoveredAsset>> DiscoverAllAsync(this FilesystemImporter importer, Source source, ImportScan scan, CancellationToken cancellationToken = default)
    {
        var found = new List<DiscoveredAsset>();
        await foreach (var asset in importer.DiscoverAsync(source, scan, cancellationToken))
        {
            found.Add(asset);
        }

        return found;
    }
}
