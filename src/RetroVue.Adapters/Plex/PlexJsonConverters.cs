using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RetroVue.Adapters.Plex;

// Plex and proxies in front of it are loose about JSON types: ids and numbers arrive as numbers or as
// strings, booleans as 0/1. These converters accept every such spelling; a value that makes no sense
// for an optional field reads as null instead of failing a whole page of a 50,000-item listing.

/// <summary>Text from a string, a number (kept exactly as written) or a boolean.</summary>
public sealed class PlexStringConverter : JsonConverter<string>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan),
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            JsonTokenType.Null => null,
            _ => SkipAndReturnNull(ref reader),
        };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    private static string? SkipAndReturnNull(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }
}

public sealed class PlexInt64Converter : JsonConverter<long?>
{
    public override bool HandleNull => true;

    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var whole))
                {
                    return whole;
                }

                return reader.TryGetDouble(out var real) && double.IsFinite(real) && Math.Abs(real) < long.MaxValue ? (long)Math.Round(real) : null;
            case JsonTokenType.String:
                var text = reader.GetString();
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
                {
                    return parsed;
                }

                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsedReal) && double.IsFinite(parsedReal) && Math.Abs(parsedReal) < long.MaxValue
                    ? (long)Math.Round(parsedReal)
                    : null;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                reader.Skip();
                return null;
            default:
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteNumberValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

public sealed class PlexInt32Converter : JsonConverter<int?>
{
    private static readonly PlexInt64Converter Wide = new();

    public override bool HandleNull => true;

    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Wide.Read(ref reader, typeof(long?), options) is { } value && value is >= int.MinValue and <= int.MaxValue ? (int)value : null;

    public override void Write(Utf8JsonWriter writer, int? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteNumberValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

public sealed class PlexBooleanConverter : JsonConverter<bool?>
{
    public override bool HandleNull => true;

    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var number) ? number != 0 : null;
            case JsonTokenType.String:
                var text = reader.GetString();
                return text switch
                {
                    "1" => true,
                    "0" => false,
                    _ => bool.TryParse(text, out var parsed) ? parsed : null,
                };
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                reader.Skip();
                return null;
            default:
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteBooleanValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>A score from a number or a numeric string; anything else (or not finite) reads as null.</summary>
public sealed class PlexDoubleConverter : JsonConverter<double?>
{
    public override bool HandleNull => true;

    public override double? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetDouble(out var number) && double.IsFinite(number) ? number : null;
            case JsonTokenType.String:
                return double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed) ? parsed : null;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                reader.Skip();
                return null;
            default:
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, double? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteNumberValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    Converters = [typeof(PlexStringConverter), typeof(PlexInt64Converter), typeof(PlexInt32Converter), typeof(PlexBooleanConverter), typeof(PlexDoubleConverter)])]
[JsonSerializable(typeof(PlexResponse<PlexIdentity>))]
[JsonSerializable(typeof(PlexResponse<PlexSectionList>))]
[JsonSerializable(typeof(PlexResponse<PlexMetadataPage>))]
internal sealed partial class PlexJsonContext : JsonSerializerContext;
