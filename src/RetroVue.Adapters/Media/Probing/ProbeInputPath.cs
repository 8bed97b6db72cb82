namespace RetroVue.Adapters.Media.Probing;

/// <summary>
/// The path handed to FFMpegCore for one file. FFMpegCore puts the path between double quotes in one command-line
/// string, which .NET splits again by Windows rules: a name containing a double quote, or ending in a backslash,
/// would reach ffprobe as a different path. Such a file is probed through a symbolic link with a plain name in the
/// temporary folder (same extension, so ffprobe guesses the same format), removed when disposed.
/// A relative path is made absolute, so a name like "-x.mkv" or "http:x.mkv" can never read as an option or protocol.
/// </summary>
public sealed class ProbeInputPath : IDisposable
{
    private readonly string? _link;

    private ProbeInputPath(string path, string? link)
    {
        Path = path;
        _link = link;
    }

    /// <summary>What to pass to FFMpegCore.</summary>
    public string Path { get; }

    public static ProbeInputPath For(string file)
    {
        var full = System.IO.Path.GetFullPath(file);
        if (!NeedsLink(full))
        {
            return new ProbeInputPath(full, null);
        }

        var link = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"retrovue-probe-{Guid.NewGuid():N}{SafeExtension(full)}");
        File.CreateSymbolicLink(link, full);
        return new ProbeInputPath(link, link);
    }

    public static bool NeedsLink(string path) => path.Contains('"', StringComparison.Ordinal) || path.EndsWith('\\');

    public void Dispose()
    {
        if (_link is not null)
        {
            File.Delete(_link);
        }
    }

    private static string SafeExtension(string path)
    {
        var extension = System.IO.Path.GetExtension(path);
        return extension.All(c => char.IsAsciiLetterOrDigit(c) || c == '.') ? extension : string.Empty;
    }
}
