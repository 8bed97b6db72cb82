using RetroVue.App.Security;

namespace RetroVue.Web.Admin.Security;

/// <summary>Until the administrator exists, every admin page leads to the setup page (and only then is setup reachable).</summary>
public static class FirstRun
{
    public const string SetupPath = "/admin/setup";

    public static IApplicationBuilder UseFirstRunSetup(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (path.StartsWithSegments("/admin")
                && !path.StartsWithSegments("/admin/assets")
                && !path.StartsWithSegments(SetupPath, StringComparison.OrdinalIgnoreCase)
                && !await context.RequestServices.GetRequiredService<AccountService>().AdminExistsAsync(context.RequestAborted))
            {
                context.Response.Redirect(SetupPath);
                return;
            }

            await next(context);
        });
}
