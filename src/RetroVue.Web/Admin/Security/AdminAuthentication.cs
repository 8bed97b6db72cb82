namespace RetroVue.Web.Admin.Security;

/// <summary>Names shared by the authentication set-up, the pages and the API.</summary>
public static class AdminAuthentication
{
    public const string CookieScheme = "RetroVueAdmin";
    public const string ApiKeyScheme = "RetroVueApiKey";
    public const string ApiPolicy = "RetroVueApi";
    public const string LoginRateLimit = "login";
    public const string ApiKeyHeader = "X-Api-Key";
    public const string AntiforgeryHeader = "X-CSRF-Token";
}
