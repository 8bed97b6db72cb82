using Hangfire;
using Hangfire.Dashboard;
using RetroVue.Adapters.Sync;
using RetroVue.Web.Admin.Security;

namespace RetroVue.Web.Admin.Jobs;

/// <summary>
/// Hangfire's own dashboard at /admin/jobs: for the signed-in admin (who may retry, trigger and delete jobs) and,
/// read-only, for scripts with an API key. Anonymous browsers are sent to the sign-in page like every admin page.
/// </summary>
public static class JobsDashboard
{
    /// <summary>Authenticates with the API key scheme when the request carries a key, else with the admin sign-in.</summary>
    public const string Scheme = "RetroVueAdminOrApiKey";

    public const string Policy = "RetroVueJobsDashboard";

    private const string CspFixScript = "RetroVue.Web.Admin.Assets.jobs-dashboard.js";

    private static readonly Lock ScriptGate = new();
    private static bool _scriptAdded;

    public static IServiceCollection AddRetroVueJobsDashboard(this IServiceCollection services)
    {
        // One scheme that picks, so an anonymous browser gets the sign-in redirect rather than the API's 401.
        services.AddAuthentication()
            .AddPolicyScheme(Scheme, "Admin sign-in or API key", options => options.ForwardDefaultSelector = context =>
                CarriesApiKey(context.Request) ? AdminAuthentication.ApiKeyScheme : AdminAuthentication.CookieScheme);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        return services;
    }

    public static WebApplication MapRetroVueJobsDashboard(this WebApplication app)
    {
        AddCspFixScriptOnce();
        var options = new DashboardOptions
        {
            AppPath = "/admin",
            DashboardTitle = "RetroVue background jobs",
            DisplayStorageConnectionString = false,

            // The endpoint's authorization policy has let only signed-in users through.
            Authorization = [new SignedInUsers()],
            IsReadOnlyFunc = context => IsApiKey(context.GetHttpContext()),
        };
        app.MapHangfireDashboard(BackgroundJobs.DashboardPath, options, app.Services.GetRequiredService<JobStorage>())
            .RequireAuthorization(Policy);
        return app;
    }

    /// <summary>Hangfire's script bundle is process-wide, and several hosts may share a process (the tests).</summary>
    private static void AddCspFixScriptOnce()
    {
        lock (ScriptGate)
        {
            if (!_scriptAdded)
            {
                DashboardRoutes.AddJavaScript(typeof(JobsDashboard).Assembly, CspFixScript);
                _scriptAdded = true;
            }
        }
    }

    private static bool IsApiKey(HttpContext context) =>
        context.User.Identity?.AuthenticationType == AdminAuthentication.ApiKeyScheme;

    private static bool CarriesApiKey(HttpRequest request) =>
        request.Headers.ContainsKey(AdminAuthentication.ApiKeyHeader)
        || request.Headers.Authorization.Any(value => value?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true);

    private sealed class SignedInUsers : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.Identity?.IsAuthenticated == true;
    }
}
