using System.CommandLine;
using Npgsql;
using RetroVue.App.Common;
using RetroVue.Cli.Output;

namespace RetroVue.Cli.Hosting;

/// <summary>Turns failures into one clear line and a non-zero exit; stack traces only with --verbose.</summary>
public static class CommandErrors
{
    public const int Failure = 1;
    public const int Cancelled = 130;

    public static async Task<int> InvokeAsync(ParseResult parseResult, InvocationConfiguration configuration)
    {
        var verbose = parseResult.GetValue(GlobalOptions.Verbose);
        try
        {
            return await parseResult.InvokeAsync(configuration);
        }
        catch (OperationCanceledException)
        {
            await configuration.Error.WriteLineAsync("Cancelled; what was committed before is kept.");
            return Cancelled;
        }
        catch (Exception e)
        {
            await configuration.Error.WriteLineAsync($"error: {TerminalText.Escape(Describe(e))}");
            if (verbose)
            {
                await configuration.Error.WriteLineAsync(e.ToString());
            }

            return Failure;
        }
    }

    public static string Describe(Exception exception) => exception switch
    {
        UserFacingException e => e.Message,
        NpgsqlException { InnerException: System.Net.Sockets.SocketException or IOException or TimeoutException } or NpgsqlException { IsTransient: true } =>
            "the database is unreachable: " + SecretRedactor.Redact(exception.Message) + " (check RETROVUE_DB, or unset it to use the embedded database)",
        PostgresException e => $"database error {e.SqlState}: {SecretRedactor.Redact(e.MessageText)}",
        Microsoft.EntityFrameworkCore.DbUpdateException { InnerException: PostgresException e } => $"database error {e.SqlState}: {SecretRedactor.Redact(e.MessageText)}",
        _ => $"{exception.GetType().Name}: {SecretRedactor.Redact(exception.Message)} (run with --verbose for details)",
    };
}
