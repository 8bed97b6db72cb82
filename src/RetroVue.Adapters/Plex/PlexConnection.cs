using RetroVue.App.Common;

namespace RetroVue.Adapters.Plex;

/// <summary>Where a Plex server is and the token to use. Printing it never shows the token.</summary>
public sealed class PlexConnection
{
    public PlexConnection(string url, string token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new UserFacingException("A Plex source needs a token (the X-Plex-Token of an account with access to the server).");
        }

        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UserFacingException($"'{SecretRedactor.Redact(url)}' is not a Plex server URL: use the form http://host:32400.");
        }

        if (uri.Query.Contains("token", StringComparison.OrdinalIgnoreCase))
        {
            throw new UserFacingException("Give the Plex token as the source's token, not inside the URL: URLs end up in logs.");
        }

        BaseUri = new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        Token = token.Trim();
    }

    public Uri BaseUri { get; }

    internal string Token { get; }

    public override string ToString() => BaseUri.ToString();
}
