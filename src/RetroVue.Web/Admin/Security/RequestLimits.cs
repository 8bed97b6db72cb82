using Microsoft.AspNetCore.Http.Features;

namespace RetroVue.Web.Admin.Security;

/// <summary>Bounds what one admin or API request may send, and says so with a 400 instead of reading it all.</summary>
public static class RequestLimits
{
    public const long MaxBodyBytes = 1024 * 1024;

    public static IApplicationBuilder UseAdminRequestLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (path.StartsWithSegments("/api") || path.StartsWithSegments("/admin"))
            {
                if (context.Request.ContentLength > MaxBodyBytes)
                {
                    await Results.Problem(
                            statusCode: StatusCodes.Status400BadRequest,
                            title: "Request too large",
                            detail: $"The request body has {context.Request.ContentLength} bytes; the limit is {MaxBodyBytes} bytes.")
                        .ExecuteAsync(context);
                    return;
                }

                if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                {
                    limit.MaxRequestBodySize = MaxBodyBytes;
                }
            }

            await next(context);
        });
}
