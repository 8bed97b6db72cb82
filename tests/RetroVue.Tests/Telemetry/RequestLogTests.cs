using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.App.Security;
using RetroVue.Tests.Admin;
using RetroVue.Web;
using Serilog.Core;
using Serilog.Events;

namespace RetroVue.Tests.Telemetry;

/// <summary>Each request is logged once, when it completes, and the tuner's token never shows in what is logged.</summary>
public sealed class RequestLogTests
{
    [Fact]
    public async Task Request_logs_carry_method_masked_path_status_and_elapsed_time_and_never_the_iptv_token()
    {
        var sink = new CapturingSink();
        await using var host = await AdminHost.StartAsync(
            new Dictionary<string, string> { ["Logging:Level"] = "Information" },
            services => services.AddSingleton<ILogEventSink>(sink));
        var settings = await host.Services.GetRequiredService<IptvAccess>().SetTokenRequiredAsync(true, CancellationToken.None);
        var token = settings.Token!;
        var guessed = "guess" + Guid.NewGuid().ToString("N");
        var client = host.NewBrowser();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/t/{token}/discover.json")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/t/{guessed}/discover.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/t/{token}/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/iptv/channels.m3u?token={token}")).StatusCode);

        // Scrapes come every few seconds: logged at Debug, below this host's level.
        var scrape = await client.GetAsync($"/metrics?token={token}");
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);

        // The HTTP metrics label requests by route, so the token that was in their paths is not there either.
        var metrics = await scrape.Content.ReadAsStringAsync();
        Assert.Contains("http_server_request_duration_seconds", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain(token, metrics, StringComparison.Ordinal);
        Assert.DoesNotContain(guessed, metrics, StringComparison.Ordinal);

        var requests = await sink.WaitForRequestsAsync(4);
        var formatter = new RedactingFormatter(RetroVueLogging.OutputTemplate);
        using var rendered = new StringWriter();
        foreach (var logEvent in requests)
        {
            formatter.Format(logEvent, rendered);
            Assert.True(logEvent.Properties["Elapsed"] is ScalarValue { Value: double elapsed } && elapsed >= 0, "the elapsed time is a number of milliseconds");
            Assert.All(logEvent.Properties.Values, value => Assert.DoesNotContain(token, value.ToString(), StringComparison.Ordinal));
            Assert.All(logEvent.Properties.Values, value => Assert.DoesNotContain(guessed, value.ToString(), StringComparison.Ordinal));
        }

        // A request is logged after its response is sent: the lines may come in any order.
        Assert.Equal(
            ["GET /iptv/channels.m3u 200", "GET /t/***/admin 404", "GET /t/***/discover.json 200", "GET /t/***/discover.json 401"],
            requests.Select(e => $"{Property(e, "RequestMethod")} {Property(e, "RequestPath")} {Property(e, "StatusCode")}").Order(StringComparer.Ordinal));
        Assert.DoesNotContain(requests, e => Property(e, "RequestPath") == "/metrics");
        var text = rendered.ToString();
        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        Assert.DoesNotContain(guessed, text, StringComparison.Ordinal);
        Assert.Matches(@"HTTP GET /t/\*\*\*/discover\.json responded 200 in [0-9]+ ms", text);
    }

    internal static string? Property(LogEvent logEvent, string name) => (logEvent.Properties[name] as ScalarValue)?.Value?.ToString();

    internal sealed class CapturingSink : ILogEventSink
    {
        private readonly ConcurrentQueue<LogEvent> _events = new();

        public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

        /// <summary>The request log events so far.</summary>
        public List<LogEvent> Requests() => _events.Where(e => e.MessageTemplate.Text == RequestLogging.MessageTemplate).ToList();

        /// <summary>The request log events once there are <paramref name="count"/> (a request is logged after its response is sent).</summary>
        public async Task<List<LogEvent>> WaitForRequestsAsync(int count)
        {
            for (var waited = 0; waited < 600; waited++)
            {
                var requests = Requests();
                if (requests.Count >= count)
                {
                    return requests;
                }

                await Task.Delay(100);
            }

            throw new TimeoutException($"Fewer than {count} request log events arrived");
        }
    }
}
