using Microsoft.Extensions.Diagnostics.HealthChecks;
using RetroVue.Adapters.Media;

namespace RetroVue.Adapters.Health;

/// <summary>Healthy when both ffmpeg (playout) and ffprobe (ingest) can be found; otherwise says how to install them.</summary>
public sealed class MediaToolsHealthCheck(FfmpegTools tools) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        MediaTool[] found = [tools.Ffmpeg, tools.Ffprobe];
        var data = found.ToDictionary(t => t.Program, t => (object)(t.Path ?? "missing"));
        var missing = found.Where(t => !t.IsAvailable).ToList();
        var result = missing.Count == 0
            ? HealthCheckResult.Healthy(string.Join(", ", found.Select(t => $"{t.Program} at {t.Path}")), data)
            : HealthCheckResult.Unhealthy(string.Join("; ", missing.Select(t => t.Problem)), data: data);
        return Task.FromResult(result);
    }
}
