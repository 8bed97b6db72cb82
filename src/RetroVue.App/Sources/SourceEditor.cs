using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RetroVue.App.Common;
using RetroVue.App.Ingest;
using RetroVue.Domain.Common;
using RetroVue.Domain.Library;

namespace RetroVue.App.Sources;

/// <summary>A source as an edit form shows it: no secret values, only whether a token is set, plus the row version.</summary>
public sealed record SourceForm(
    string Name,
    string Kind,
    string? Path,
    string? ContentKind,
    string? Url,
    bool HasToken,
    string? Libraries,
    IReadOnlyList<PathMappingView> PathMappings,
    uint Version);

public sealed record FilesystemSourceInput(string? Name, string? Path, string? ContentKind);

/// <summary>A Plex source; on edit a blank token keeps the stored one.</summary>
public sealed record PlexSourceInput(string? Name, string? Url, string? Token, string? Libraries, IReadOnlyList<PathMappingView> PathMappings);

/// <summary>
/// A media server source (Plex, Jellyfin, Emby): its URL, its token or API key, the libraries to import (comma-separated
/// titles, blank = all) and where its paths are on this machine. Every way of adding one (command line, admin, API) comes here.
/// </summary>
public sealed record MediaServerSourceInput(
    SourceKind Kind,
    string? Name,
    string? Url,
    string? Token,
    string? Libraries,
    IReadOnlyList<PathMappingView> PathMappings,
    string? SyncInterval = null);

/// <summary>
/// Adding and editing sources from forms and the API: validates every field (paths, URL, token),
/// never returns a secret, and refuses to overwrite a source someone saved after the form was loaded.
/// </summary>
public sealed class SourceEditor(SourceService sources, IUnitOfWork unitOfWork, IOptions<SourceAddressOptions> addressOptions)
{
    /// <summary>The shadow property that carries PostgreSQL's row version (xmin) of a source.</summary>
    public const string VersionProperty = "Version";

    public const string UrlKey = "url";
    public const string TokenKey = "token";
    public const string LibrariesKey = "libraries";
    private const int MaxTokenLength = 200;
    private const int MaxLibrariesLength = 2000;
    private const int MaxPathMappings = 50;

    public Task<SourceForm> GetAsync(string name, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var source = await LoadAsync(db, name, ct);
                return new SourceForm(
                    source.Name,
                    source.Kind.ToString().ToLowerInvariant(),
                    source.GetSetting(FilesystemSourceSettings.PathKey),
                    source.GetSetting(FilesystemSourceSettings.KindKey),
                    source.GetSetting(UrlKey),
                    !string.IsNullOrEmpty(source.GetSetting(TokenKey)),
                    source.GetSetting(LibrariesKey),
                    source.PathMappings.OrderBy(m => m.Order).Select(m => new PathMappingView(m.FromPrefix, m.ToPrefix)).ToList(),
                    db.Sources.Entry(source).Property<uint>(VersionProperty).CurrentValue);
            },
            cancellationToken);

    public Task<SourceSummary> AddFilesystemAsync(FilesystemSourceInput input, CancellationToken cancellationToken)
    {
        var path = PathInput.LocalPath("The folder", input.Path);
        var kind = ContentKind(input.ContentKind);
        return sources.AddFilesystemAsync(input.Name?.Trim() ?? string.Empty, path, kind, cancellationToken);
    }

    public Task<SourceSummary> AddPlexAsync(PlexSourceInput input, CancellationToken cancellationToken) =>
        AddMediaServerAsync(new MediaServerSourceInput(SourceKind.Plex, input.Name, input.Url, input.Token, input.Libraries, input.PathMappings), cancellationToken);

    /// <summary>Adds a Plex, Jellyfin or Emby source; nothing is stored unless every field is valid. The server is not contacted.</summary>
    public Task<SourceSummary> AddMediaServerAsync(MediaServerSourceInput input, CancellationToken cancellationToken)
    {
        if (!IsMediaServer(input.Kind))
        {
            throw new UserFacingException($"A {input.Kind.ToString().ToLowerInvariant()} source is not a media server source.");
        }

        var token = Token(input.Token) ?? throw new UserFacingException(MissingTokenText(input.Kind));
        SecretRedactor.Register(token);
        var settings = new Dictionary<string, string>
        {
            [UrlKey] = Url(input.Url, AllowLoopback),
            [TokenKey] = token,
            [LibrariesKey] = Libraries(input.Libraries),
        };
        if (input.SyncInterval is { } interval)
        {
            settings[SyncIntervalSetting.Key] = SyncIntervalSetting.TryParse(interval, out _, out var error)
                ? SyncIntervalSetting.Normalize(interval)
                : throw new UserFacingException($"The sync interval '{interval}' is not valid: {error}");
        }

        return sources.AddAsync(input.Name?.Trim() ?? string.Empty, input.Kind, settings, Mappings(input.PathMappings), cancellationToken);
    }

    /// <summary>The kinds that read a media server over HTTP with a token: URL, token, libraries and path mappings apply to them.</summary>
    public static bool IsMediaServer(SourceKind kind) => kind is SourceKind.Plex or SourceKind.Jellyfin or SourceKind.Emby;

    private static string MissingTokenText(SourceKind kind) => kind switch
    {
        SourceKind.Plex => "A Plex source needs its token (X-Plex-Token).",
        _ => $"A {kind} source needs an API key (made in its dashboard under API Keys).",
    };

    public Task UpdateFilesystemAsync(string name, FilesystemSourceInput input, uint expectedVersion, CancellationToken cancellationToken)
    {
        var path = PathInput.LocalPath("The folder", input.Path);
        var kind = ContentKind(input.ContentKind);
        if (!Directory.Exists(path))
        {
            throw new UserFacingException(File.Exists(path) ? $"{path} is a file; a filesystem source needs a folder." : $"The folder {path} does not exist.");
        }

        return UpdateAsync(
            name,
            SourceKind.Filesystem,
            expectedVersion,
            source =>
            {
                source.SetSetting(FilesystemSourceSettings.PathKey, path);
                source.SetSetting(FilesystemSourceSettings.KindKey, kind.ToString().ToLowerInvariant());
            },
            cancellationToken);
    }

    public Task UpdatePlexAsync(string name, PlexSourceInput input, uint expectedVersion, CancellationToken cancellationToken) =>
        UpdateMediaServerAsync(name, new MediaServerSourceInput(SourceKind.Plex, input.Name, input.Url, input.Token, input.Libraries, input.PathMappings), expectedVersion, cancellationToken);

    /// <summary>Edits a media server source of <paramref name="input"/>'s kind; a blank token keeps the stored one.</summary>
    public Task UpdateMediaServerAsync(string name, MediaServerSourceInput input, uint expectedVersion, CancellationToken cancellationToken)
    {
        var url = Url(input.Url, AllowLoopback);
        var token = Token(input.Token);
        var libraries = Libraries(input.Libraries);
        var mappings = Mappings(input.PathMappings);
        return UpdateAsync(
            name,
            input.Kind,
            expectedVersion,
            source =>
            {
                source.SetSetting(UrlKey, url);
                source.SetSetting(LibrariesKey, libraries);
                if (token is not null)
                {
                    SecretRedactor.Register(token);
                    source.SetSetting(TokenKey, token);
                }

                source.ReplacePathMappings(mappings);
            },
            cancellationToken);
    }

    /// <summary>
    /// Changes only the settings <paramref name="changes"/> gives (the command line's 'source set'), checked like the
    /// edit form checks them; a setting that does not apply to the source's kind is refused and nothing changes.
    /// </summary>
    public async Task<SourceChangeResult> ChangeAsync(string name, SourceChanges changes, CancellationToken cancellationToken)
    {
        if (changes.IsEmpty)
        {
            throw new UserFacingException("Nothing to change: give at least one setting.");
        }

        var wanted = Validate(changes, AllowLoopback);
        var changed = new List<string>();
        await UpdateAsync(
            name,
            kind: null,
            expectedVersion: null,
            source =>
            {
                RequireApplicable(source, changes);
                var before = Snapshot(source);
                foreach (var (key, value) in wanted)
                {
                    source.SetSetting(key, value);
                }

                if (changes.ClearPathMappings || changes.AddPathMappings.Count > 0)
                {
                    source.ReplacePathMappings(MergeMappings(source, changes));
                }

                var after = Snapshot(source);
                changed.AddRange(after.Keys.Where(k => before.GetValueOrDefault(k) != after[k]));
            },
            cancellationToken);
        var summary = (await sources.ListAsync(cancellationToken)).Single(s => s.Name == name);
        return new SourceChangeResult(summary, changed);
    }

    private bool AllowLoopback => addressOptions.Value.AllowLoopback;

    private static Dictionary<string, string> Validate(SourceChanges changes, bool allowLoopback)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (changes.SyncInterval is { } interval)
        {
            settings[SyncIntervalSetting.Key] = SyncIntervalSetting.TryParse(interval, out _, out var error)
                ? SyncIntervalSetting.Normalize(interval)
                : throw new UserFacingException($"The sync interval '{interval}' is not valid: {error}");
        }

        if (changes.Path is not null)
        {
            var path = PathInput.LocalPath("The folder", changes.Path);
            settings[FilesystemSourceSettings.PathKey] = Directory.Exists(path)
                ? path
                : throw new UserFacingException(File.Exists(path) ? $"{path} is a file; a filesystem source needs a folder." : $"The folder {path} does not exist.");
        }

        if (changes.ContentKind is not null)
        {
            settings[FilesystemSourceSettings.KindKey] = ContentKind(changes.ContentKind).ToString().ToLowerInvariant();
        }

        if (changes.Url is not null)
        {
            settings[UrlKey] = Url(changes.Url, allowLoopback);
        }

        if (changes.Token is not null)
        {
            var token = Token(changes.Token) ?? throw new UserFacingException("The token is empty; leave it out to keep the stored one.");
            SecretRedactor.Register(token);
            settings[TokenKey] = token;
        }

        if (changes.Libraries is { } libraries)
        {
            if (libraries.FirstOrDefault(l => l.Contains(',', StringComparison.Ordinal)) is { } withComma)
            {
                throw new UserFacingException($"The library name '{withComma}' contains a comma, which the stored list uses to separate names.");
            }

            settings[LibrariesKey] = Libraries(string.Join(',', libraries));
        }

        // Checked here so a bad rule fails before anything is loaded.
        _ = Mappings(changes.AddPathMappings);
        return settings;
    }

    private static void RequireApplicable(Source source, SourceChanges changes)
    {
        var isServer = IsMediaServer(source.Kind);
        var misplaced = isServer
            ? new[] { (changes.Path is not null, "a folder"), (changes.ContentKind is not null, "a content kind") }
            : [(changes.Url is not null, "a server URL"), (changes.Token is not null, "a token"), (changes.Libraries is not null, "libraries"), (changes.AddPathMappings.Count > 0 || changes.ClearPathMappings, "path mappings")];
        var given = misplaced.Where(m => m.Item1).Select(m => m.Item2).ToList();
        if (given.Count > 0)
        {
            var (kind, other) = isServer ? (source.Kind.ToString(), "filesystem") : ("filesystem", "media server");
            throw new UserFacingException($"Source '{source.Name}' is a {kind} source; {other} settings ({string.Join(", ", given)}) do not apply to it. Nothing was changed.");
        }
    }

    private static List<(string From, string To)> MergeMappings(Source source, SourceChanges changes)
    {
        var rules = changes.ClearPathMappings
            ? []
            : source.PathMappings.OrderBy(m => m.Order).Select(m => (From: m.FromPrefix, To: m.ToPrefix)).ToList();
        foreach (var (from, to) in Mappings(changes.AddPathMappings))
        {
            var same = rules.FindIndex(r => string.Equals(r.From, from, StringComparison.Ordinal));
            if (same >= 0)
            {
                rules[same] = (from, to);
            }
            else
            {
                rules.Add((from, to));
            }
        }

        return rules.Count > MaxPathMappings ? throw new UserFacingException($"A source has at most {MaxPathMappings} path mappings.") : rules;
    }

    /// <summary>What a change is compared on: every setting, and the mapping rules as one value.</summary>
    private static Dictionary<string, string> Snapshot(Source source)
    {
        var snapshot = new Dictionary<string, string>(source.Settings, StringComparer.Ordinal)
        {
            ["path-mappings"] = string.Join('\n', source.PathMappings.OrderBy(m => m.Order).Select(m => $"{m.FromPrefix}={m.ToPrefix}")),
        };
        return snapshot;
    }

    private Task UpdateAsync(string name, SourceKind? kind, uint? expectedVersion, Action<Source> change, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var source = await LoadAsync(db, name, ct);
                if (kind is { } required && source.Kind != required)
                {
                    throw new UserFacingException($"Source '{name}' is a {source.Kind.ToString().ToLowerInvariant()} source.");
                }

                var entry = db.Sources.Entry(source);
                if (expectedVersion is { } expected)
                {
                    if (entry.Property<uint>(VersionProperty).CurrentValue != expected)
                    {
                        throw StaleForm(name);
                    }

                    // The row is compared against the version the form was loaded with, not the one just read.
                    entry.Property<uint>(VersionProperty).OriginalValue = expected;
                }
                var loadedMappings = source.PathMappings.Select(m => m.Id).ToHashSet();
                try
                {
                    change(source);
                }
                catch (DomainException e)
                {
                    throw new UserFacingException(e.Message, e);
                }

                // New rules carry their id already, so EF would take them for existing rows; say they are new.
                foreach (var mapping in source.PathMappings.Where(m => !loadedMappings.Contains(m.Id)))
                {
                    db.PathMappings.Entry(mapping).State = EntityState.Added;
                }

                // Writing the settings row always bumps the version, also when only path mappings changed.
                entry.Property(s => s.Settings).IsModified = true;
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateConcurrencyException)
                {
                    throw expectedVersion is null
                        ? new ConflictException($"Source '{name}' was changed by someone else at the same moment; nothing was saved. Run the command again.")
                        : StaleForm(name);
                }
            },
            cancellationToken);

    private static ConflictException StaleForm(string name) =>
        new($"Source '{name}' was changed by someone else after this form was opened. Reload it to see their change, then make yours again.");

    private static async Task<Source> LoadAsync(IRetroVueDbContext db, string name, CancellationToken cancellationToken)
    {
        TextInput.Line("The source name", name);
        return await db.Sources.Include(s => s.PathMappings).FirstOrDefaultAsync(s => s.Name == name, cancellationToken)
            ?? throw new NotFoundException($"There is no source named '{name}'.");
    }

    private static SourceContentKind ContentKind(string? value) =>
        FilesystemSourceSettings.TryParseKind(string.IsNullOrWhiteSpace(value) ? "mixed" : value, out var kind)
            ? kind
            : throw new UserFacingException($"'{value}' is not a content kind; use one of: {string.Join(", ", FilesystemSourceSettings.KindNames)}.");

    private static string Url(string? value, bool allowLoopback)
    {
        var text = TextInput.Line("The server URL", value)?.Trim() ?? string.Empty;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || text.Length > 2000)
        {
            throw new UserFacingException("The server URL must be an http:// or https:// address, e.g. http://192.168.1.10:32400.");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query))
        {
            throw new UserFacingException("Give the server URL without a user name or query; the token goes in its own field.");
        }

        // Names are checked again, by what they resolve to, each time a connection is made.
        if (SourceAddress.RefusalForHost(uri.Host, allowLoopback) is { } refusal)
        {
            throw new UserFacingException($"The server URL is refused: {refusal}.");
        }

        return text.TrimEnd('/');
    }

    /// <summary>Null when blank (on edit: keep the stored token).</summary>
    private static string? Token(string? value)
    {
        var token = value?.Trim();
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        if (token.Length > MaxTokenLength || token.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            throw new UserFacingException($"A token or API key is up to {MaxTokenLength} characters without spaces.");
        }

        return token;
    }

    private static string Libraries(string? value)
    {
        var text = value?.Trim() ?? string.Empty;
        if (text.Length > MaxLibrariesLength || text.Any(char.IsControl))
        {
            throw new UserFacingException($"The library list is up to {MaxLibrariesLength} characters, names separated by commas.");
        }

        return string.Join(", ", text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static List<(string From, string To)> Mappings(IReadOnlyList<PathMappingView>? mappings)
    {
        var rules = (mappings ?? [])
            .Where(m => !string.IsNullOrWhiteSpace(m.From) || !string.IsNullOrWhiteSpace(m.To))
            .ToList();
        if (rules.Count > MaxPathMappings)
        {
            throw new UserFacingException($"A source has at most {MaxPathMappings} path mappings.");
        }

        return rules.Select((m, i) => (
                PathInput.RemotePrefix($"Path mapping {i + 1}: the server path", m.From),
                PathInput.LocalPath($"Path mapping {i + 1}: the local path", m.To)))
            .ToList();
    }
}
