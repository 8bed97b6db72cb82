using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace RetroVue.App.Common;

/// <summary>
/// Masks secrets in text bound for logs, errors and pages: connection-string passwords, tokens in
/// query strings and headers, and every secret value registered at run time (a source's token).
/// </summary>
public static partial class SecretRedactor
{
    public const string Mask = "***";
    private static readonly ConcurrentDictionary<string, byte> KnownSecrets = new(StringComparer.Ordinal);

    /// <summary>Remember a secret so that it is masked wherever it later appears.</summary>
    public static void Register(string? secret)
    {
        if (!string.IsNullOrEmpty(secret) && secret.Length >= 4)
        {
            KnownSecrets.TryAdd(secret, 0);
        }
    }

    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var result = KeyValueSecret().Replace(text, match => match.Groups["key"].Value + match.Groups["sep"].Value + Mask);
        foreach (var secret in KnownSecrets.Keys)
        {
            result = result.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return result;
    }

    // password=..., Password: ..., X-Plex-Token=..., token=..., api_key=...; the value runs to a separator.
    [GeneratedRegex(@"(?<key>\b(?:password|pwd|x-plex-token|token|api[-_]?key|secret)\b)(?<sep>\s*[=:]\s*)(?<value>""[^""]*""|'[^']*'|[^\s;&,""']+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyValueSecret();
}
