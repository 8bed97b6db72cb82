using RetroVue.App.Common;

namespace RetroVue.Adapters.Jellyfin;

/// <summary>Where a Jellyfin or Emby server is and the API key to use. Printing it never shows the key.</summary>
public sealed class JellyfinConnection
{
    public JellyfinConnection(JellyfinFlavor flavor, string url, string apiKey)
    {
        Flavor = flavor;
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            throw new UserFacingException($"A {flavor.DisplayName} source needs an API key (made in its dashboard under API Keys).");
        }

        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UserFacingException($"'{SecretRedactor.Redact(url)}' is not a {flavor.DisplayName} server URL: use the form http://host:8096.");
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new UserFacingException($"Give the {flavor.DisplayName} server URL without a query or user name; the API key has its own setting, because URLs end up in logs.");
        }

        BaseUri = new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        ApiKey = apiKey.Trim();
        SecretRedactor.Register(ApiKey);
    }

    public JellyfinFlavor Flavor { get; }

    public Uri BaseUri { get; }

    internal string ApiKey { get; }

    public override string ToString() => BaseUri.ToString();
}
