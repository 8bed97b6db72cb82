using RetroVue.App.Common;
using RetroVue.Web;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace RetroVue.Tests.Common;

/// <summary>Whatever a log line carries, the rendered text never shows a secret.</summary>
public sealed class LogRedactionTests
{
    [Fact]
    public void Passwords_and_tokens_in_messages_properties_and_exceptions_are_masked_when_rendered()
    {
        var token = "tok" + Guid.NewGuid().ToString("N");
        SecretRedactor.Register(token);
        var sink = new CapturingSink();
        using (var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger())
        {
            logger.Information("Connecting with {ConnectionString}", "Host=db;Username=rv;Password=hunter2");
            logger.Warning("Plex answered 401 for {Url}", $"http://plex:32400/library/sections?X-Plex-Token={token}");
            logger.Error(new InvalidOperationException($"request failed with token {token}"), "Sync failed");
        }

        var formatter = new RedactingFormatter(RetroVueLogging.OutputTemplate);
        using var rendered = new StringWriter();
        foreach (var logEvent in sink.Events)
        {
            formatter.Format(logEvent, rendered);
        }

        var text = rendered.ToString();
        Assert.DoesNotContain("hunter2", text);
        Assert.DoesNotContain(token, text);
        Assert.Contains("Password=***", text);
        Assert.Contains("Sync failed", text);
        Assert.Equal(3, sink.Events.Count);
    }

    private sealed class CapturingSink : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }
}
