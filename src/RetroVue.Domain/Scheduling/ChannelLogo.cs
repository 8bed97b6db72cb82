using System.Text.RegularExpressions;

namespace RetroVue.Domain.Scheduling;

/// <summary>
/// What a channel logo may be: an absolute http(s) URL, or an image this server serves itself
/// (/iptv/artwork/title/{id} or /iptv/artwork/episode/{id}). Players and guide apps load the logo as they get it,
/// so anything else (javascript:, data:, file:, a path to elsewhere) is refused on the way in and left out on the way out.
/// </summary>
public static partial class ChannelLogo
{
    public const int MaxLength = 2000;

    /// <summary>Why <paramref name="logo"/> cannot be a channel logo; null when it can.</summary>
    public static string? Problem(string logo)
    {
        if (logo.Length > MaxLength)
        {
            return $"A logo URL has at most {MaxLength} characters.";
        }

        if (logo.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return "A logo URL cannot hold spaces or control characters; write a space as %20.";
        }

        if (ServedKey(logo) is not null)
        {
            return null;
        }

        var shown = logo.Length > 80 ? logo[..80] + "…" : logo;
        return Uri.TryCreate(logo, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0
            && logo.StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"The logo must be an http:// or https:// URL, or an image RetroVue serves (/iptv/artwork/title/{{id}}); '{shown}' is neither.";
    }

    /// <summary>The artwork key ("title/{id}") of a logo this server serves itself; null for any other logo.</summary>
    public static string? ServedKey(string logo) =>
        ServedImage().Match(logo) is { Success: true } match ? $"{match.Groups["kind"].Value}/{match.Groups["id"].Value}" : null;

    [GeneratedRegex(@"^/iptv/artwork/(?<kind>title|episode)/(?<id>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$", RegexOptions.CultureInvariant)]
    private static partial Regex ServedImage();
}
