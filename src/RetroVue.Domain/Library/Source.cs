using RetroVue.Domain.Common;

namespace RetroVue.Domain.Library;

/// <summary>A place titles come from: a folder tree or a Plex server.</summary>
public sealed class Source
{
    private readonly List<PathMapping> _pathMappings = [];

    private Source()
    {
        Name = string.Empty;
        Settings = new Dictionary<string, string>();
    }

    public Source(string name, SourceKind kind, IDictionary<string, string> settings, DateTimeOffset createdAt)
    {
        if (!IsValidName(name))
        {
            throw new DomainException($"'{name}' is not a valid source name: use 1-64 letters, digits, '-', '_' or '.'.");
        }

        Id = Guid.NewGuid();
        Name = name;
        Kind = kind;
        Settings = new Dictionary<string, string>(settings, StringComparer.Ordinal);
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }
    public SourceKind Kind { get; private set; }

    /// <summary>Importer-specific settings (a folder path, a server URL...). Secrets live here too and are never printed.</summary>
    public Dictionary<string, string> Settings { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public IReadOnlyList<PathMapping> PathMappings => _pathMappings;

    public static bool IsValidName(string? name) =>
        !string.IsNullOrWhiteSpace(name)
        && name.Length <= 64
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    public string? GetSetting(string key) => Settings.TryGetValue(key, out var value) ? value : null;

    public void SetSetting(string key, string value) => Settings[key] = value;

    /// <summary>Replaces every path-mapping rule, keeping the given order as priority.</summary>
    public void ReplacePathMappings(IEnumerable<(string FromPrefix, string ToPrefix)> mappings)
    {
        var rules = mappings.ToList();
        _pathMappings.Clear();
        foreach (var (from, to) in rules)
        {
            AddPathMapping(from, to);
        }
    }

    public PathMapping AddPathMapping(string fromPrefix, string toPrefix)
    {
        var mapping = new PathMapping(Id, _pathMappings.Count, fromPrefix, toPrefix);
        _pathMappings.Add(mapping);
        return mapping;
    }
}
