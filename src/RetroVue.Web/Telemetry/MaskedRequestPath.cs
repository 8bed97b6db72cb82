using RetroVue.App.Common;
using RetroVue.App.Security;

namespace RetroVue.Web.Telemetry;

/// <summary>
/// A request's path as logs and traces may show it: the tuner's /t/{token}/ segment masked, whether or not the
/// request reached an IPTV endpoint (a mistyped /t/{token}/… path is not rewritten, and must not leak either), and
/// any other known secret masked too.
/// </summary>
public static class MaskedRequestPath
{
    private static readonly string TokenPrefix = $"/{IptvAccess.PathSegment}/";

    public static string Of(HttpRequest request) => Mask(request.PathBase.Add(request.Path).Value);

    public static string Mask(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "/";
        }

        if (path.StartsWith(TokenPrefix, StringComparison.OrdinalIgnoreCase) && path.Length > TokenPrefix.Length)
        {
            var end = path.IndexOf('/', TokenPrefix.Length);
            path = string.Concat(TokenPrefix, SecretRedactor.Mask, end < 0 ? string.Empty : path[end..]);
        }

        return SecretRedactor.Redact(path);
    }
}
