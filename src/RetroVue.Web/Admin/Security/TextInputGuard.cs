using RetroVue.Domain.Common;

namespace RetroVue.Web.Admin.Security;

/// <summary>
/// The printable-text rule for what every request carries in its address: the path and each query-string name and
/// value, on every endpoint (API, admin pages, IPTV), before any of it reaches a query. A refused character answers
/// 400 with a problem that names the parameter. Bodies (forms, JSON) are checked by the App services that take them, so
/// a page shows its form again with the error; only a form the framework cannot decode at all (U+0000) is refused here,
/// with a message, where Razor Pages would answer an empty 400.
/// </summary>
public static class TextInputGuard
{
    public static IApplicationBuilder UseTextInputGuard(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if ((FindProblem(context.Request) ?? await UnreadableFormAsync(context.Request)) is { } problem)
            {
                await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: problem).ExecuteAsync(context);
                return;
            }

            await next(context);
        });

    private static async Task<string?> UnreadableFormAsync(HttpRequest request)
    {
        if (!request.HasFormContentType || !string.Equals(request.ContentType?.Split(';')[0].Trim(), "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            // Read once here; the form stays cached for the page that handles it.
            await request.ReadFormAsync(request.HttpContext.RequestAborted);
            return null;
        }
        catch (InvalidDataException e)
        {
            return $"The form could not be read: {e.Message} A field holds a control character such as U+0000; remove it and try again.";
        }
    }

    /// <summary>What is wrong with the request's address, or null when every part of it is printable one-line text.</summary>
    public static string? FindProblem(HttpRequest request)
    {
        var path = request.Path.Value ?? string.Empty;
        if (PrintableText.IndexOfRefused(path, TextShape.SingleLine) is var inPath and >= 0)
        {
            return PrintableText.Problem("The address", path, inPath);
        }

        foreach (var (name, values) in request.Query)
        {
            if (PrintableText.IndexOfRefused(name, TextShape.SingleLine) is var inName and >= 0)
            {
                return PrintableText.Problem("A query parameter name", name, inName);
            }

            foreach (var value in values)
            {
                if (value is not null && PrintableText.IndexOfRefused(value, TextShape.SingleLine) is var inValue and >= 0)
                {
                    return PrintableText.Problem($"The query parameter '{name}'", value, inValue);
                }
            }
        }

        return null;
    }
}
