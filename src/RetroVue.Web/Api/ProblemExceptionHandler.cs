using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;
using RetroVue.App.Collections;
using RetroVue.App.Common;
using RetroVue.App.Guide.Templates;
using RetroVue.App.Scheduling;

namespace RetroVue.Web.Api;

/// <summary>
/// Turns the errors written for operators into problem-details responses with the right status:
/// bad input 400, unknown thing 404, a conflict (taken name, stale form) 409. Anything else is a
/// 500 whose details stay in the log.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            NotFoundException e => (StatusCodes.Status404NotFound, "Not found", e.Message),
            ConflictException e => (StatusCodes.Status409Conflict, "Conflict", e.Message),
            UserFacingException e => (StatusCodes.Status400BadRequest, "Invalid request", e.Message),
            BadHttpRequestException e => (StatusCodes.Status400BadRequest, "Malformed request", Describe(e)),
            AntiforgeryValidationException => (StatusCodes.Status400BadRequest, "Invalid request", "The antiforgery token is missing or invalid: reload the page and try again."),
            InvalidDataException e => (StatusCodes.Status400BadRequest, "Malformed request", e.Message),
            _ => (StatusCodes.Status500InternalServerError, "Server error", "Something went wrong on the server; the log has the details."),
        };
        if (status == StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, Telemetry.MaskedRequestPath.Of(httpContext.Request));
        }

        httpContext.Response.StatusCode = status;
        var context = new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = SecretRedactor.Redact(detail) },
        };
        if (exception is ScheduleValidationException schedule)
        {
            // Each problem with its line, so an editor can mark it.
            context.ProblemDetails.Extensions["errors"] = schedule.Errors.Select(e => new { file = e.File, line = e.Line, message = e.Message }).ToList();
        }

        if (exception is InvalidCollectionQueryException query)
        {
            // The 1-based column of the problem in the query, so an editor can point at it.
            context.ProblemDetails.Extensions["column"] = query.Column;
        }

        if (exception is GuideTemplateException templates)
        {
            // Each template problem with the template it is in and its line in that template.
            context.ProblemDetails.Extensions["errors"] = templates.Problems.Select(p => new { field = $"guide.{p.Template}", line = p.Line, message = p.Message }).ToList();
        }

        if (await problems.TryWriteAsync(context))
        {
            return true;
        }

        // A client that accepts no JSON (a browser asking for text/html only) still gets the short message, never the
        // framework's fallback, which in Development is a page with the stack trace.
        httpContext.Response.ContentType = "text/plain; charset=utf-8";
        await httpContext.Response.WriteAsync($"{title}: {context.ProblemDetails.Detail}", cancellationToken);
        return true;
    }

    private static string Describe(BadHttpRequestException exception) =>
        exception.InnerException is JsonException json
            ? $"{exception.Message} {json.Message}"
            : exception.Message;
}
