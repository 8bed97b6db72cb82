using System.Globalization;

namespace RetroVue.Bench.Streaming;

/// <summary>
/// The parts of this process's resident memory as Linux counts them (/proc/self/status): anonymous pages (heaps,
/// stacks), file-backed pages (the code of the loaded assemblies and native libraries, paged in as it first runs)
/// and shared memory (where .NET maps the code the JIT writes). Only anonymous growth can be a leak; the other two
/// stop growing once every code path has run and every hot method has been recompiled.
/// </summary>
internal sealed record ResidentMemory(long AnonymousBytes, long FileBytes, long SharedBytes)
{
    public static ResidentMemory? Read()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return null;
        }

        var fields = File.ReadLines(status)
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1].Trim());
        return new ResidentMemory(Kilobytes(fields, "RssAnon"), Kilobytes(fields, "RssFile"), Kilobytes(fields, "RssShmem"));
    }

    public override string ToString() =>
        $"anonymous {AnonymousBytes / 1048576.0:0.0} MB, file-backed {FileBytes / 1048576.0:0.0} MB, shared (JIT code) {SharedBytes / 1048576.0:0.0} MB";

    private static long Kilobytes(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) ? long.Parse(value.Split(' ')[0], CultureInfo.InvariantCulture) * 1024 : 0;
}
