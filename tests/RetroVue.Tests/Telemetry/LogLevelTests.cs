using Microsoft.Extensions.Configuration;
using RetroVue.Web;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace RetroVue.Tests.Telemetry;

/// <summary>Framework chatter is turned down whatever the level; RetroVue's own events and the host's start and stop are not.</summary>
public sealed class LogLevelTests
{
    [Fact]
    public void Framework_http_client_and_hangfire_information_is_dropped_while_their_warnings_and_retrovue_information_pass()
    {
        var sink = new Capture();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:Level"] = "Debug" }).Build();
        using (var logger = RetroVueLogging.Configure(new LoggerConfiguration(), configuration).WriteTo.Sink(sink).CreateLogger())
        {
            foreach (var context in new[] { "Microsoft.AspNetCore.Routing.EndpointMiddleware", "System.Net.Http.HttpClient.plex.LogicalHandler", "Hangfire.Server.Worker" })
            {
                logger.ForContext(Constants.SourceContextPropertyName, context).Information("chatter from {Context}", context);
                logger.ForContext(Constants.SourceContextPropertyName, context).Warning("warning from {Context}", context);
            }

            logger.ForContext(Constants.SourceContextPropertyName, "Microsoft.Hosting.Lifetime").Information("Application started");
            logger.ForContext(Constants.SourceContextPropertyName, "RetroVue.Adapters.Sync.SourceSyncJob").Debug("Synced");
        }

        Assert.DoesNotContain(sink.Events, e => e.MessageTemplate.Text.StartsWith("chatter", StringComparison.Ordinal));
        Assert.Equal(3, sink.Events.Count(e => e.Level == LogEventLevel.Warning));
        Assert.Contains(sink.Events, e => e.MessageTemplate.Text == "Application started");
        Assert.Contains(sink.Events, e => e.MessageTemplate.Text == "Synced");
    }

    private sealed class Capture : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }
}
