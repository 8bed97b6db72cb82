using Serilog;
using Serilog.Events;

namespace RetroVue.Web;

/// <summary>Serilog to the console, structured, secrets masked, with framework chatter turned down.</summary>
public static class RetroVueLogging
{
    public const string OutputTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>
    /// Logs go to standard error, so that a command's standard output stays clean for --json. The level is
    /// Logging:Level (Information by default) unless <paramref name="minimumLevel"/> says otherwise.
    /// </summary>
    public static LoggerConfiguration Configure(LoggerConfiguration logging, IConfiguration configuration, LogEventLevel? minimumLevel = null)
    {
        var level = minimumLevel
            ?? (Enum.TryParse<LogEventLevel>(configuration["Logging:Level"], ignoreCase: true, out var parsed) ? parsed : LogEventLevel.Information);
        return logging
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
            .MinimumLevel.Override("Hangfire", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Console(new RedactingFormatter(OutputTemplate), standardErrorFromLevel: LogEventLevel.Verbose);
    }

    public static Serilog.ILogger CreateLogger(IConfiguration configuration, LogEventLevel? minimumLevel = null) =>
        Configure(new LoggerConfiguration(), configuration, minimumLevel).CreateLogger();
}
