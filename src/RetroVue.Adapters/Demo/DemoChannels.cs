namespace RetroVue.Adapters.Demo;

/// <summary>The schedule file of the demo channels, embedded so that `retrovue demo` works from any folder.</summary>
public static class DemoChannels
{
    public const string FileName = "demo-channels.yaml";

    public static string Yaml { get; } = Read();

    private static string Read()
    {
        var assembly = typeof(DemoChannels).Assembly;
        using var stream = assembly.GetManifestResourceStream("RetroVue.Adapters.Demo.demo-channels.yaml")
            ?? throw new InvalidOperationException("The demo channel schedule is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
