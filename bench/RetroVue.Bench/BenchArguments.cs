using System.Globalization;

namespace RetroVue.Bench;

internal static class BenchArguments
{
    public static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : fallback;
    }

    public static string? TextOption(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    public static int Usage(string problem)
    {
        Console.Error.WriteLine($"error: {problem}");
        Console.Error.WriteLine("usage: RetroVue.Bench ingest [--files N] | plex [--shows N] [--episodes N] | schedule [--channels N] | admin [--assets N]");
        Console.Error.WriteLine("       | streaming [--only tune|remote|join|fanout|density|soak|drift] [--soak-minutes M]");
        return 2;
    }
}
