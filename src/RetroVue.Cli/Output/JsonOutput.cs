using System.Text.Json;
using System.Text.Json.Serialization;

namespace RetroVue.Cli.Output;

/// <summary>The stable --json format: camelCase names, enums as lower-case strings, ISO-8601 instants (docs/cli-json.md).</summary>
public static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static Task WriteAsync<T>(TextWriter output, T value) =>
        output.WriteLineAsync(JsonSerializer.Serialize(value, Options));
}
