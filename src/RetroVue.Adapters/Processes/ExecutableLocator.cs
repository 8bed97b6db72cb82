namespace RetroVue.Adapters.Processes;

/// <summary>Finds programs on PATH the way a shell would.</summary>
public static class ExecutableLocator
{
    public static string? FindOnPath(string name)
    {
        if (name.Contains('/'))
        {
            return File.Exists(name) ? name : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
