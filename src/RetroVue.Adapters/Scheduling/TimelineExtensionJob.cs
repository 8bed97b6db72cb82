using Microsoft.Extensions.Logging;
using Quartz;
using RetroVue.App.Scheduling;

namespace RetroVue.Adapters.Scheduling;

/// <summary>Extends every enabled channel's timeline to the horizon, and rebuilds the future of channels whose schedule changed.</summary>
[DisallowConcurrentExecution]
public sealed class TimelineExtensionJob(PlayoutService playout, ILogger<TimelineExtensionJob> logger) : IJob
{
    public static readonly JobKey Key = new("extend-timelines", "retrovue");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var results = await playout.BuildAsync(new PlayoutRequest(), cancellationToken);
        var failed = results.Count(r => r.Action == PlayoutAction.Failed);
        logger.LogInformation(
            "Timelines extended: {Built} built, {Extended} extended, {Rebuilt} rebuilt, {UpToDate} up to date, {Failed} failed",
            results.Count(r => r.Action == PlayoutAction.Built),
            results.Count(r => r.Action == PlayoutAction.Extended),
            results.Count(r => r.Action == PlayoutAction.Rebuilt),
            results.Count(r => r.Action == PlayoutAction.UpToDate),
            failed);
    }
}
