using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RetroVue.Adapters.Streaming.Sessions;
using RetroVue.Web.Telemetry;

namespace RetroVue.Tests.Telemetry;

/// <summary>Reading the Prometheus text a scrape of /metrics returns.</summary>
public static partial class MetricsScrape
{
    /// <summary>
    /// The sample of <paramref name="name"/> whose labels are exactly <paramref name="labels"/> (e.g. channel="2",mode="copy";
    /// empty for none), or null when there is none. Any timestamp after the value is ignored.
    /// </summary>
    public static double? Sample(string text, string name, string labels = "")
    {
        // The exporter writes an empty label set as "{}"; both spellings are the same series.
        string[] spellings = labels.Length == 0 ? [name + " ", name + "{} "] : [$"{name}{{{labels}}} "];
        foreach (var line in text.Split('\n'))
        {
            if (spellings.FirstOrDefault(spelling => line.StartsWith(spelling, StringComparison.Ordinal)) is { } series)
            {
                var value = line[series.Length..].Split(' ')[0];
                return double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>The declared type (gauge, counter...) of <paramref name="name"/>, or null.</summary>
    public static string? TypeOf(string text, string name) =>
        TypeLine().Matches(text).FirstOrDefault(m => m.Groups["name"].Value == name)?.Groups["type"].Value;

    /// <summary>Serves <paramref name="figures"/> through the server's metrics pipeline on 127.0.0.1 and scrapes /metrics once.</summary>
    public static async Task<string> ScrapeAsync(IStreamingFigures figures, string? accept = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(figures);
        builder.Services.AddRetroVueTelemetry(builder.Configuration);
        await using var app = builder.Build();
        app.MapRetroVueMetrics();
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient();
            if (accept is not null)
            {
                http.DefaultRequestHeaders.Accept.ParseAdd(accept);
            }

            return await http.GetStringAsync(address.TrimEnd('/') + "/metrics");
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [GeneratedRegex(@"^# TYPE (?<name>\S+) (?<type>\S+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();
}

/// <summary>Fixed figures, as a session manager would report them.</summary>
public sealed class FixedStreamingFigures(IReadOnlyList<SessionStats> sessions, TranscodeCapacity capacity) : IStreamingFigures
{
    public IReadOnlyList<SessionStats> Sessions() => sessions;

    public TranscodeCapacity Capacity() => capacity;
}
