using System.Globalization;
using RetroVue.Domain.Common;
using YamlDotNet.RepresentationModel;

namespace RetroVue.App.Scheduling.Yaml;

/// <summary>Collects errors for one file, each with the line of the node it is about.</summary>
internal sealed class ErrorSink(string file)
{
    public List<ScheduleError> Errors { get; } = [];

    public void Add(YamlNode node, string message) => Add(LineOf(node), message);

    public void Add(int line, string message) => Errors.Add(new ScheduleError(file, line, message));

    public static int LineOf(YamlNode node) => (int)node.Start.Line;
}

/// <summary>Typed, error-reporting access to a YAML mapping; every key it was not asked about is reported as unknown.</summary>
internal sealed class YamlMap(YamlMappingNode node, string where, ErrorSink errors)
{
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public YamlMappingNode Node => node;
    public int Line => ErrorSink.LineOf(node);

    public static YamlMap? From(YamlNode? value, string where, ErrorSink errors)
    {
        if (value is YamlMappingNode mapping)
        {
            return new YamlMap(mapping, where, errors);
        }

        if (value is not null)
        {
            errors.Add(value, $"{where} must be a mapping of keys to values.");
        }

        return null;
    }

    public YamlNode? Value(string key)
    {
        _known.Add(key);
        return node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
    }

    public string? Text(string key, bool required = false)
    {
        var value = Value(key);
        if (value is null)
        {
            if (required)
            {
                errors.Add(node, $"{where} needs '{key}'.");
            }

            return null;
        }

        if (value is YamlScalarNode scalar && !string.IsNullOrWhiteSpace(scalar.Value))
        {
            return Printable(value, $"{where}.{key}", scalar.Value.Trim());
        }

        errors.Add(value, $"{where}.{key} must be a non-empty text value.");
        return null;
    }

    public int? Int(string key) => Convert(key, "a whole number", text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (int?)null);

    public double? Double(string key) => Convert(key, "a number", text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : (double?)null);

    public bool? Bool(string key) => Convert(key, "true or false", text => text switch
    {
        "true" or "yes" or "on" => true,
        "false" or "no" or "off" => false,
        _ => (bool?)null,
    });

    public TimeSpan? Duration(string key) => Convert(key, "a duration such as 90m, 1h30m, 45s or 01:30:00", text => DurationText.TryParse(text, out var v) ? v : (TimeSpan?)null);

    public TimeOnly? Time(string key) => Convert(key, "a time of day as HH:mm, e.g. \"06:00\"", text =>
        TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var v) ? v : (TimeOnly?)null);

    public IReadOnlyList<YamlNode> List(string key)
    {
        var value = Value(key);
        switch (value)
        {
            case null:
                return [];
            case YamlSequenceNode sequence:
                return [.. sequence.Children];
            default:
                errors.Add(value, $"{where}.{key} must be a list (one '- item' per line, or [a, b]).");
                return [];
        }
    }

    public IReadOnlyList<string> TextList(string key)
    {
        var result = new List<string>();
        foreach (var item in List(key))
        {
            if (item is YamlScalarNode { Value: { } text } && !string.IsNullOrWhiteSpace(text))
            {
                if (Printable(item, $"{where}.{key}", text.Trim()) is { } printable)
                {
                    result.Add(printable);
                }
            }
            else
            {
                errors.Add(item, $"{where}.{key} may only hold text values.");
            }
        }

        return result;
    }

    /// <summary>A scalar written with an escape ("\0", "\e") can still carry a control character: refused with its line.</summary>
    private string? Printable(YamlNode node, string field, string text)
    {
        var refused = PrintableText.IndexOfRefused(text, TextShape.SingleLine);
        if (refused < 0)
        {
            return text;
        }

        errors.Add(node, PrintableText.Problem(field, text, refused));
        return null;
    }

    public void RejectUnknownKeys()
    {
        foreach (var key in node.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? key.ToString();
            if (!_known.Contains(name))
            {
                errors.Add(key, $"{where} has an unknown key '{name}'; known keys: {string.Join(", ", _known.Order(StringComparer.Ordinal))}.");
            }
        }
    }

    private T? Convert<T>(string key, string expected, Func<string, T?> parse)
        where T : struct
    {
        var value = Value(key);
        if (value is null)
        {
            return null;
        }

        if (value is YamlScalarNode { Value: { } text } && parse(text.Trim()) is { } parsed)
        {
            return parsed;
        }

        errors.Add(value, $"{where}.{key} must be {expected}; got '{(value as YamlScalarNode)?.Value ?? value.NodeType.ToString()}'.");
        return null;
    }
}
