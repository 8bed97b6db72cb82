using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.FileProviders;
using RetroVue.App.Security;
using RetroVue.Domain.Scheduling;
using RetroVue.Web.Admin.Security;
using RetroVue.Web.Api;

namespace RetroVue.Web.Admin;

/// <summary>Wires the admin pages, the REST API and the security around them into the web host.</summary>
public static class AdminWebExtensions
{
    public const string SectionName = "Admin";

    public static IServiceCollection AddRetroVueAdmin(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IPasswordHashing, FrameworkPasswordHashing>();
        services.AddSingleton<AccountService>();
        services.AddSingleton(SignInThrottlePolicy.From(configuration));
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<AdminSessionService>();
        services.AddSingleton<AdminSessionTicketStore>();
        AdminSessionTicketStore.UseFor(services);
        services.AddSingleton<Pages.Status.SourcesStatus>();
        var zone = configuration[$"{SectionName}:TimeZone"];
        services.AddSingleton(new DisplayTime(string.IsNullOrWhiteSpace(zone) ? TimeZoneInfo.Local : ChannelTimeZone.Find(zone)));
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.MaxDepth = 16;

            // Enums as words ("program", "created"), as the CLI's --json writes them.
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        });
        services.Configure<FormOptions>(options =>
        {
            options.ValueCountLimit = 2048;
            options.ValueLengthLimit = 64 * 1024;
            options.MultipartBodyLengthLimit = RequestLimits.MaxBodyBytes;
        });
        services.AddOpenApi();

        services.AddAuthentication(AdminAuthentication.CookieScheme)
            .AddCookie(AdminAuthentication.CookieScheme, options =>
            {
                options.Cookie.Name = "retrovue_admin";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/admin/login";
                options.LogoutPath = "/admin/logout";
                options.AccessDeniedPath = "/admin/login";
                options.ExpireTimeSpan = AdminSessionService.IdleTimeout;

                // Sessions live in PostgreSQL (AdminSessionTicketStore); their row keeps them alive, not the cookie.
                options.SlidingExpiration = false;
                options.Events.OnRedirectToLogin = context => ApiGetsStatus(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => ApiGetsStatus(context, StatusCodes.Status403Forbidden);
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AdminAuthentication.ApiKeyScheme, _ => { });
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminAuthentication.ApiPolicy, policy => policy
                .AddAuthenticationSchemes(AdminAuthentication.CookieScheme, AdminAuthentication.ApiKeyScheme)
                .RequireAuthenticatedUser());
        services.AddAntiforgery(options =>
        {
            options.HeaderName = AdminAuthentication.AntiforgeryHeader;
            options.Cookie.Name = "retrovue_csrf";
            options.Cookie.SameSite = SameSiteMode.Strict;
        });

        // Sign-in attempts are held back by SignInThrottle inside the login handler; this only bounds how
        // often one address may post the first-run form, keyed on the address alone (never the path's spelling).
        var attemptsPerMinute = configuration.GetValue($"{SectionName}:LoginAttemptsPerMinute", 10);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await context.HttpContext.Response.WriteAsync("Too many attempts from this address; wait a minute and try again.", cancellationToken);
            };
            options.AddPolicy(AdminAuthentication.LoginRateLimit, context =>
                HttpMethods.IsPost(context.Request.Method)
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        SignInThrottle.ClientKey(context.Connection.RemoteIpAddress),
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = attemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("reading"));
        });

        services.AddRazorPages(options =>
            {
                options.RootDirectory = "/Admin/Pages";
                options.Conventions.AddFolderRouteModelConvention("/", model =>
                {
                    // Pages with their own absolute route ("/admin/library/assets/{id}") already carry the prefix.
                    foreach (var selector in model.Selectors.Where(s => s.AttributeRouteModel?.Template?.StartsWith("admin", StringComparison.OrdinalIgnoreCase) == false))
                    {
                        selector.AttributeRouteModel!.Template = AttributeRouteModel.CombineTemplates("admin", selector.AttributeRouteModel.Template);
                    }
                });
                options.Conventions.AuthorizeFolder("/");
                options.Conventions.AllowAnonymousToPage("/Setup");
                options.Conventions.AllowAnonymousToPage("/Login");
                options.Conventions.AddPageApplicationModelConvention("/Setup", model =>
                    model.EndpointMetadata.Add(new EnableRateLimitingAttribute(AdminAuthentication.LoginRateLimit)));
            });
        return services;
    }

    /// <summary>The middleware: call right after Build, before any endpoint is mapped.</summary>
    public static WebApplication UseRetroVueAdmin(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseSecurityHeaders();
        app.UseAdminRequestLimits();
        app.UseTextInputGuard();

        // Routing runs after the tuner's token path is taken off, so that /t/{token}/lineup.json finds /lineup.json.
        app.UseIptvTokenPath();
        app.UseRouting();
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = "/admin/assets",
            FileProvider = new EmbeddedFileProvider(typeof(AdminWebExtensions).Assembly, "RetroVue.Web.Admin.Assets"),
        });
        app.UseIptvAccessGate();
        app.UseFirstRunSetup();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    public static WebApplication MapRetroVueAdmin(this WebApplication app)
    {
        app.MapGet("/", () => Results.Redirect("/admin")).ExcludeFromDescription();
        app.MapRazorPages();
        app.MapOpenApi();
        app.MapRetroVueApi();
        return app;
    }

    private static Task ApiGetsStatus<T>(RedirectContext<T> context, int status)
        where T : AuthenticationSchemeOptions
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
